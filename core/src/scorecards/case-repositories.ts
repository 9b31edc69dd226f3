/** FT-14, FT-15, FT-16: the cases that follow the scores — rectifications, anomaly alerts, renewal reviews. */
import { isObjectId } from '../db/repositories.js';
import type { ScorecardModels } from './schemas.js';
import { insertOnce, newId, oid, type Doc } from './store.js';
import type { AnomalyAlertRecord, RectificationRecord, RenewalReviewRecord } from './types.js';

// ------------------------------------------------------------------ rectification (FT-14)

const toRectification = (d: Doc): RectificationRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  period: d.period,
  snapshotId: d.snapshotId,
  total: d.total,
  threshold: d.threshold,
  openedAt: d.openedAt,
  deadline: d.deadline,
  deadlineProvisional: Boolean(d.deadlineProvisional),
  status: d.status,
  submissions: (d.submissions ?? []).map((s: Doc) => ({
    id: String(s._id),
    plan: s.plan,
    evidence: [...(s.evidence ?? [])],
    at: s.at,
    actor: s.actor,
    afterDeadline: Boolean(s.afterDeadline),
  })),
  decision: d.decision ?? null,
  terminationRecommended: Boolean(d.terminationRecommended),
  rev: d.rev ?? 0,
});

export class RectificationRepository {
  constructor(private readonly m: ScorecardModels) {}
  async get(id: string, scope: { partnerId?: string } = {}): Promise<RectificationRecord | null> {
    if (!isObjectId(id)) return null;
    const q: Doc = { _id: oid(id) };
    if (scope.partnerId !== undefined) q.partnerId = isObjectId(scope.partnerId) ? oid(scope.partnerId) : null;
    const d = await this.m.Rectification.findOne(q).lean();
    return d ? toRectification(d) : null;
  }
  async byPeriod(partnerId: string, period: string): Promise<RectificationRecord | null> {
    if (!isObjectId(partnerId)) return null;
    const d = await this.m.Rectification.findOne({ partnerId: oid(partnerId), period }).lean();
    return d ? toRectification(d) : null;
  }
  /** `partnerIdIn` / `statusIn`: several partners' cases in given states in one `$in` read. */
  async list(
    f: { partnerId?: string; partnerIdIn?: string[]; status?: string; statusIn?: string[] },
    limit = 500,
  ): Promise<RectificationRecord[]> {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    else if (f.partnerIdIn) q.partnerId = { $in: f.partnerIdIn.filter(isObjectId).map(oid) };
    if (f.status) q.status = f.status;
    else if (f.statusIn) q.status = { $in: f.statusIn };
    return (await this.m.Rectification.find(q).sort({ openedAt: -1, _id: -1 }).limit(limit).lean()).map(
      toRectification,
    );
  }
  /** One case per partner and period. */
  openOnce(r: Omit<RectificationRecord, 'id' | 'rev'>) {
    return insertOnce(
      () => this.m.Rectification.create({ ...r, partnerId: oid(r.partnerId), programmeId: oid(r.programmeId) }),
      () => this.byPeriod(r.partnerId, r.period),
      toRectification,
    );
  }
  newSubmissionId(): string {
    return newId();
  }
}

// ------------------------------------------------------------------ anomaly alerts (FT-15)

const toAlert = (d: Doc): AnomalyAlertRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  day: d.day,
  kind: d.kind,
  last7Days: d.last7Days,
  previous4Weeks: [...(d.previous4Weeks ?? [])],
  factor: d.factor,
  at: d.at,
});

export class AnomalyAlertRepository {
  constructor(private readonly m: ScorecardModels) {}
  /** One alert per partner and Asia/Shanghai day. */
  recordOnce(a: Omit<AnomalyAlertRecord, 'id'>) {
    return insertOnce(
      () => this.m.AnomalyAlert.create({ ...a, partnerId: oid(a.partnerId), programmeId: oid(a.programmeId) }),
      async () => {
        const d = await this.m.AnomalyAlert.findOne({ partnerId: oid(a.partnerId), day: a.day }).lean();
        return d ? toAlert(d) : null;
      },
      toAlert,
    );
  }
  async list(f: { partnerId?: string } = {}, limit = 200): Promise<AnomalyAlertRecord[]> {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    return (await this.m.AnomalyAlert.find(q).sort({ at: -1, _id: -1 }).limit(limit).lean()).map(toAlert);
  }
}

// ------------------------------------------------------------------ renewal reviews (FT-16)

const toReview = (d: Doc): RenewalReviewRecord => ({
  id: String(d._id),
  partnerId: String(d.partnerId),
  programmeId: String(d.programmeId),
  endsAt: d.endsAt,
  reviewedAt: d.reviewedAt,
  scores: d.scores ?? [],
  average: d.average ?? null,
  certificatesValid: Boolean(d.certificatesValid),
  expiredDocuments: d.expiredDocuments ?? [],
  meetsQualification: Boolean(d.meetsQualification),
  renew: Boolean(d.renew),
  reasons: [...(d.reasons ?? [])],
  status: d.status,
  decision: d.decision ?? null,
  rev: d.rev ?? 0,
});

export class RenewalReviewRepository {
  constructor(private readonly m: ScorecardModels) {}
  async get(id: string): Promise<RenewalReviewRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.RenewalReview.findById(id).lean();
    return d ? toReview(d) : null;
  }
  async list(f: { partnerId?: string; status?: string } = {}): Promise<RenewalReviewRecord[]> {
    const q: Doc = {};
    if (f.partnerId !== undefined) q.partnerId = isObjectId(f.partnerId) ? oid(f.partnerId) : null;
    if (f.status) q.status = f.status;
    return (await this.m.RenewalReview.find(q).sort({ reviewedAt: -1, _id: -1 }).limit(500).lean()).map(toReview);
  }
  /** The reviews of these contracts (by partner and end day) already recorded, keyed `<partnerId>|<endsAt>`. */
  async ofContracts(cs: readonly { partnerId: string; endsAt: string }[]): Promise<Map<string, RenewalReviewRecord>> {
    const ids = [...new Set(cs.map((c) => c.partnerId))].filter(isObjectId).map(oid);
    if (!ids.length) return new Map();
    const docs = await this.m.RenewalReview.find({ partnerId: { $in: ids } }).lean();
    const wanted = new Set(cs.map((c) => `${c.partnerId}|${c.endsAt}`));
    return new Map(
      docs
        .map(toReview)
        .flatMap((r) => (wanted.has(`${r.partnerId}|${r.endsAt}`) ? [[`${r.partnerId}|${r.endsAt}`, r]] : [])),
    );
  }
  /** One review per partner and contract end. */
  recordOnce(r: Omit<RenewalReviewRecord, 'id' | 'rev'>) {
    return insertOnce(
      () => this.m.RenewalReview.create({ ...r, partnerId: oid(r.partnerId), programmeId: oid(r.programmeId) }),
      async () => {
        const d = await this.m.RenewalReview.findOne({ partnerId: oid(r.partnerId), endsAt: r.endsAt }).lean();
        return d ? toReview(d) : null;
      },
      toReview,
    );
  }
}
