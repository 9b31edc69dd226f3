/**
 * One contract per partner: the contracts stored before the partner carried one record are merged into
 * `partner_contracts` — intake's `intake_contracts` (written at signing: application, template, term, products)
 * and the scorecards' older `partner_contracts` (typed in by staff: dates, certificates, the FT-2 flag).
 * Where both exist the staff-typed dates stay (they are the later correction) and what signing recorded fills the
 * gaps. Idempotent: a second run changes nothing; the worker runs it at start-up (docs/OPERATIONS.md).
 */
import type { Connection } from 'mongoose';
import { shanghaiDate } from '../calendar/index.js';
import { AuditRepository } from '../db/repositories.js';
import { models } from '../db/schemas.js';
import { SYSTEM_ACTOR } from '../db/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

export const LEGACY_INTAKE_CONTRACTS = 'intake_contracts';

export interface ContractMigrationReport {
  /** intake contracts read */
  read: number;
  /** contracts created from an intake contract */
  created: number;
  /** staff-typed contracts completed from an intake contract (or given their term start) */
  completed: number;
}

const blank = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

export async function migrateContracts(conn: Connection, at = new Date()): Promise<ContractMigrationReport> {
  const m = models(conn);
  const audit = new AuditRepository(m);
  const report: ContractMigrationReport = { read: 0, created: 0, completed: 0 };
  const legacy = (await conn.db!.listCollections({ name: LEGACY_INTAKE_CONTRACTS }).toArray()).length
    ? await conn.db!.collection(LEGACY_INTAKE_CONTRACTS).find({}).sort({ signedAt: 1 }).toArray()
    : [];
  for (const d of legacy as Doc[]) {
    report.read++;
    const signed = {
      applicationId: String(d.applicationId),
      template: d.template ?? null,
      termStart: d.termStart,
      products: d.products ?? [],
    };
    const existing: Doc | null = await m.PartnerContract.findOne({ partnerId: d.partnerId }).lean();
    const set: Doc = existing
      ? Object.fromEntries(Object.entries(signed).filter(([k]) => blank(existing[k])))
      : {
          ...signed,
          partnerId: d.partnerId,
          signedAt: shanghaiDate(new Date(d.signedAt)),
          endsAt: d.termEnd,
          certificatesValidUntil: null,
          meetsQualification: true,
          actor: d.signedBy,
        };
    if (!Object.keys(set).length) continue;
    await m.PartnerContract.updateOne({ partnerId: d.partnerId }, { $set: set }, { upsert: true });
    if (existing) report.completed++;
    else report.created++;
    await audit.appendMany([
      {
        key: `partner_contract-migrated-${d.applicationId}`,
        at,
        actor: SYSTEM_ACTOR,
        action: 'partner.contract_migrated',
        entity: 'partner',
        entityId: String(d.partnerId),
        reason: '合同记录合并：签约合同（intake_contracts）并入伙伴合同',
        after: set,
      },
    ]);
  }
  // staff-typed contracts from before: their term starts on the signing day
  for (const d of (await m.PartnerContract.find({ termStart: null }).lean()) as Doc[]) {
    await m.PartnerContract.updateOne({ _id: d._id, termStart: null }, { $set: { termStart: d.signedAt } });
    report.completed++;
  }
  return report;
}
