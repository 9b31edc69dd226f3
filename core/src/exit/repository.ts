import { Types } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import { isObjectId } from '../db/repositories.js';
import type { Actor } from '../db/types.js';
import type { ExitModels } from './schemas.js';
import type { ExitStatus, ExitTrigger } from './rules.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;
const oid = (id: string) => new Types.ObjectId(id);

export interface ExitHistoryItem {
  at: Date;
  action: string;
  from: ExitStatus | null;
  to: ExitStatus;
  actor: Actor;
  reason?: string;
}

export interface ExitCaseRecord {
  id: string;
  partnerId: string;
  programmeId: string;
  partnerName: string;
  trigger: ExitTrigger;
  rule: string;
  evidence: Record<string, unknown>;
  openedBy: Actor;
  status: ExitStatus;
  openKey: string;
  triggerKey: string;
  reason: string;
  desiredEndOn: string | null;
  commitment: boolean;
  appliedAt: Date;
  earliestEndOn: string;
  precheckAt: Date | null;
  blockersAtPrecheck: unknown;
  clearedAt: Date | null;
  approvalStartedAt: Date | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  approvedAt: Date | null;
  terminatedAt: Date | null;
  terminationNote: string | null;
  /**
   * FT-17.3 / FT-18: the agreed end date (Beijing day), set at approval (a voluntary exit: the requested date
   * unless staff name a later one); the termination takes effect on it, never before unless the partner agrees
   */
  endOn: string | null;
  /** a termination before `endOn` the partner agreed to, with its reason */
  earlyTermination: { reason: string; endOn: string } | null;
  effectsAppliedAt: Date | null;
  approvalStartDueAt: Date;
  approvalDueAt: Date | null;
  terminationDueAt: Date | null;
  provisional: boolean;
  calendarVersion: string;
  history: ExitHistoryItem[];
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export const toExitCase = (d: Doc): ExitCaseRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  partnerName: d.partnerName,
  trigger: d.trigger,
  rule: d.rule,
  evidence: d.evidence ?? {},
  openedBy: d.openedBy,
  status: d.status,
  openKey: d.openKey,
  triggerKey: d.triggerKey,
  reason: d.reason,
  desiredEndOn: d.desiredEndOn ?? null,
  commitment: Boolean(d.commitment),
  appliedAt: d.appliedAt,
  earliestEndOn: d.earliestEndOn,
  precheckAt: d.precheckAt ?? null,
  blockersAtPrecheck: d.blockersAtPrecheck ?? null,
  clearedAt: d.clearedAt ?? null,
  approvalStartedAt: d.approvalStartedAt ?? null,
  decidedAt: d.decidedAt ?? null,
  decisionReason: d.decisionReason ?? null,
  approvedAt: d.approvedAt ?? null,
  terminatedAt: d.terminatedAt ?? null,
  terminationNote: d.terminationNote ?? null,
  endOn: d.endOn ?? null,
  earlyTermination: d.earlyTermination ?? null,
  effectsAppliedAt: d.effectsAppliedAt ?? null,
  approvalStartDueAt: d.approvalStartDueAt,
  approvalDueAt: d.approvalDueAt ?? null,
  terminationDueAt: d.terminationDueAt ?? null,
  provisional: Boolean(d.provisional),
  calendarVersion: d.calendarVersion,
  history: (d.history ?? []).map((h: Doc) => ({ ...h })),
  rev: d.rev ?? 0,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export type NewExitCase = Omit<
  ExitCaseRecord,
  'id' | 'openKey' | 'rev' | 'createdAt' | 'updatedAt' | 'history' | 'triggerKey'
> & { triggerKey?: string };

export interface RiskCancellationRecord {
  id: string;
  companyCreditCode?: string;
  companyName: string;
  partnerId: string;
  at: Date;
  reason: string;
  source: 'exit';
}

/** Exit cases, their sent alerts and the risk cancellations they record. Reads are partner-scoped when asked. */
export class ExitCaseRepository {
  constructor(readonly m: ExitModels) {}

  /**
   * Inserts a case in its first state under `openKey = partnerId` (one open case per partner) and its trigger
   * key. `{ created: false, existing }` when the partner has an open case or the trigger opened its case already.
   */
  async create(
    c: NewExitCase,
  ): Promise<
    { created: true; case: ExitCaseRecord } | { created: false; existing: ExitCaseRecord | null; key: string }
  > {
    const _id = new Types.ObjectId();
    const triggerKey = c.triggerKey ?? `case-${_id.toHexString()}`;
    try {
      const doc = await this.m.Case.create({
        ...c,
        _id,
        partnerId: oid(c.partnerId),
        programmeId: oid(c.programmeId),
        openKey: c.partnerId,
        triggerKey,
        history: [{ at: c.appliedAt, action: 'exit_case.opened', from: null, to: c.status, actor: c.openedBy }],
      });
      return { created: true, case: toExitCase(doc.toObject()) };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const byTrigger = await this.m.Case.findOne({ triggerKey }).lean();
      if (byTrigger) return { created: false, existing: toExitCase(byTrigger), key: 'triggerKey' };
      return { created: false, existing: await this.openFor(c.partnerId), key: 'openKey' };
    }
  }

  async get(id: string, scope: { partnerId?: string } = {}): Promise<ExitCaseRecord | null> {
    if (!isObjectId(id)) return null;
    const d: Doc | null = await this.m.Case.findOne({ _id: oid(id) }).lean();
    if (!d) return null;
    if (scope.partnerId !== undefined && String(d.partnerId) !== scope.partnerId) return null;
    return toExitCase(d);
  }

  async openFor(partnerId: string): Promise<ExitCaseRecord | null> {
    const d = await this.m.Case.findOne({ openKey: partnerId }).lean();
    return d ? toExitCase(d) : null;
  }

  async byTriggerKey(triggerKey: string): Promise<ExitCaseRecord | null> {
    const d = await this.m.Case.findOne({ triggerKey }).lean();
    return d ? toExitCase(d) : null;
  }

  async forPartner(partnerId: string): Promise<ExitCaseRecord[]> {
    if (!isObjectId(partnerId)) return [];
    return (
      await this.m.Case.find({ partnerId: oid(partnerId) })
        .sort({ appliedAt: -1, _id: -1 })
        .lean()
    ).map(toExitCase);
  }

  /**
   * #18 the console's 退出案例 table: one page of every case (or of one status), by application date oldest or
   * newest first, with the total. A status filter reads the `{status, appliedAt}` index (hot-queries.ts).
   */
  async page(
    f: { status?: ExitStatus },
    order: 1 | -1,
    page: number,
    pageSize: number,
  ): Promise<{ items: ExitCaseRecord[]; total: number }> {
    const q: Doc = f.status ? { status: f.status } : {};
    const [docs, total] = await Promise.all([
      this.m.Case.find(q)
        .sort({ appliedAt: order, _id: order })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.m.Case.countDocuments(q),
    ]);
    return { items: docs.map(toExitCase), total };
  }

  async list(
    f: { statusIn?: ExitStatus[]; effectsDue?: boolean; appliedFrom?: Date; appliedTo?: Date } = {},
    limit = 2000,
  ) {
    const q: Doc = {};
    if (f.statusIn) q.status = { $in: f.statusIn };
    if (f.effectsDue !== undefined) q.effectsDue = f.effectsDue;
    if (f.appliedFrom || f.appliedTo)
      q.appliedAt = { ...(f.appliedFrom && { $gte: f.appliedFrom }), ...(f.appliedTo && { $lt: f.appliedTo }) };
    return (await this.m.Case.find(q).sort({ appliedAt: 1, _id: 1 }).limit(limit).lean()).map(toExitCase);
  }

  /**
   * Claims the sending of an alert: true for the one caller that inserted the claim, or for a caller finding a
   * claim left unsent for longer than `staleMs` (its sender died); false otherwise.
   */
  async claimAlert(id: string, caseId: string, at: Date, staleMs = 60_000): Promise<boolean> {
    try {
      await this.m.Alert.create({ _id: id, caseId, at, sentAt: null });
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const d: Doc | null = await this.m.Alert.findOne({ _id: id }).lean();
      return Boolean(d && !d.sentAt && at.getTime() - new Date(d.at).getTime() > staleMs);
    }
  }
  async markAlertSent(id: string, at: Date): Promise<void> {
    await this.m.Alert.updateOne({ _id: id }, { $set: { sentAt: at } });
  }
  async alertSent(id: string): Promise<boolean> {
    return (await this.m.Alert.countDocuments({ _id: id, sentAt: { $ne: null } })) > 0;
  }
  /** The alerts among `ids` already sent (one read by `_id`: the sweeper asks once for every open case). */
  async alertsSent(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const docs: Doc[] = await this.m.Alert.find({ _id: { $in: ids } }, { sentAt: 1 }).lean();
    return new Set(docs.filter((d) => d.sentAt).map((d) => String(d._id)));
  }

  /** One risk cancellation per case (`exit-<caseId>`); a repeat changes nothing. */
  async recordRiskCancellation(caseId: string, r: Omit<RiskCancellationRecord, 'id'>): Promise<void> {
    try {
      await this.m.RiskCancellation.create({ _id: `exit-${caseId}`, ...r, partnerId: oid(r.partnerId) });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  async riskCancellations(partnerId: string): Promise<RiskCancellationRecord[]> {
    if (!isObjectId(partnerId)) return [];
    return (await this.m.RiskCancellation.find({ partnerId: oid(partnerId) }).lean()).map((d: Doc) => ({
      id: String(d._id),
      ...(d.companyCreditCode && { companyCreditCode: d.companyCreditCode }),
      companyName: d.companyName,
      partnerId: String(d.partnerId),
      at: d.at,
      reason: d.reason,
      source: d.source,
    }));
  }
}
