import { Schema, Types, type Connection, type Model, type SchemaOptions } from 'mongoose';
import { revisionField } from '../workflow/schemas.js';
import { registerModels } from '../db/model-registry.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Untyped schema builder (see db/schemas.ts: mongoose's inference over schema literals costs tsc minutes). */
const schema = (definition: Record<string, unknown>, options?: SchemaOptions<any>): Schema<any> =>
  new Schema<any>(definition as any, options);
type AnyModel = Model<any>;
const { Mixed } = Schema.Types;
const actorSchema = schema(
  { type: { type: String, required: true }, id: { type: String, required: true }, role: String, name: String },
  { _id: false },
);

/**
 * One exit case (FT-17/FT-18). `openKey` is the partner id while the case is open and the case id once it is
 * closed (rejected, withdrawn, terminated): "one open case per partner" under a plain unique index (FerretDB has
 * no partial indexes). `triggerKey` makes an automatic trigger open its case once (e.g. `FT-14-<rectificationId>`);
 * cases opened by people carry their own id there. Every change after the insert goes through `Transitions`.
 */
export const exitCaseSchema = schema(
  {
    _id: { type: Types.ObjectId, required: true },
    partnerId: { type: Types.ObjectId, required: true, index: true },
    programmeId: { type: Types.ObjectId, required: true },
    partnerName: { type: String, required: true },
    trigger: { type: String, required: true },
    rule: { type: String, required: true },
    evidence: { type: Mixed, default: {} },
    openedBy: { type: actorSchema, required: true },
    status: { type: String, required: true },
    openKey: { type: String, required: true, unique: true },
    triggerKey: { type: String, required: true, unique: true },
    reason: { type: String, required: true },
    desiredEndOn: { type: String, default: null },
    commitment: { type: Boolean, default: false },
    appliedAt: { type: Date, required: true },
    earliestEndOn: { type: String, required: true },
    precheckAt: { type: Date, default: null },
    blockersAtPrecheck: { type: Mixed, default: null },
    clearedAt: { type: Date, default: null },
    approvalStartedAt: { type: Date, default: null },
    decidedAt: { type: Date, default: null },
    decisionReason: { type: String, default: null },
    approvedAt: { type: Date, default: null },
    terminatedAt: { type: Date, default: null },
    terminationNote: { type: String, default: null },
    endOn: { type: String, default: null },
    earlyTermination: { type: Mixed, default: null },
    effectsAppliedAt: { type: Date, default: null },
    /** terminated and its effects not yet applied: the sweeper's indexed equality (`effectsAppliedAt: null` is not) */
    effectsDue: { type: Boolean, default: false },
    approvalStartDueAt: { type: Date, required: true },
    approvalDueAt: { type: Date, default: null },
    terminationDueAt: { type: Date, default: null },
    provisional: { type: Boolean, default: false },
    calendarVersion: { type: String, required: true },
    history: { type: [Mixed], default: [] },
    ...revisionField,
  },
  { collection: 'exit_cases', timestamps: true, minimize: false },
);
exitCaseSchema.index({ status: 1, appliedAt: 1 });
// #18 the console's 全部退出案例 table: every case, a page by application date
exitCaseSchema.index({ appliedAt: 1 });
exitCaseSchema.index({ effectsDue: 1, appliedAt: 1 });

/**
 * A deadline alert (`exit-<caseId>-<stage>-<warn|overdue>`), claimed by insert before it is sent (one sender of
 * any number of concurrent runs) and marked `sentAt` after; a claim left unsent by a crash is sent by a later run.
 */
export const exitAlertSchema = schema(
  { _id: { type: String, required: true }, caseId: String, at: Date, sentAt: { type: Date, default: null } },
  { collection: 'exit_alerts' },
);

/**
 * FT-2.1 / MG-11: a partner cancelled for risk reasons (a major-violation exit). The intake checks read it
 * (no re-application within three years). `_id` is `exit-<caseId>`: written once per case.
 */
export const riskCancellationSchema = schema(
  {
    _id: { type: String, required: true },
    companyCreditCode: { type: String },
    companyName: { type: String, required: true },
    partnerId: { type: Types.ObjectId, required: true, index: true },
    at: { type: Date, required: true },
    reason: { type: String, required: true },
    source: { type: String, required: true },
  },
  { collection: 'risk_cancellations' },
);

export interface ExitModels {
  Case: AnyModel;
  Alert: AnyModel;
  RiskCancellation: AnyModel;
}

export const EXIT_CASE_MODEL = 'ExitCase';

/** Registers the exit models on a connection (idempotent) and builds their unique indexes. */
export async function exitModels(conn: Connection): Promise<ExitModels> {
  return registerModels(conn, {
    Case: [EXIT_CASE_MODEL, exitCaseSchema],
    Alert: ['ExitAlert', exitAlertSchema],
    RiskCancellation: ['RiskCancellation', riskCancellationSchema],
  });
}
