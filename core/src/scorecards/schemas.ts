import { revisionField } from '../workflow/schemas.js';
import { Schema, Types, type Connection, type Model, type SchemaOptions } from 'mongoose';
import { modelsOf } from '../db/model-registry.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose (see core/src/db/schemas.ts): mongoose's schema inference costs tsc minutes.
const schema = (definition: Record<string, unknown>, options?: SchemaOptions<any>): Schema<any> =>
  new Schema<any>(definition as any, options);

const actorSchema = schema(
  { type: { type: String, required: true }, id: { type: String, required: true }, role: String, name: String },
  { _id: false },
);
const { Mixed } = Schema.Types;
const ref = { type: Types.ObjectId, required: true };
/** The scope of a partner's scorecard document (the partner, and its programme's tables). */
const partnerScope = { partnerId: ref, programmeId: ref };

/** Append-only versions of a programme's tables; the highest version is in force. */
export const scorecardTablesSchema = schema(
  {
    programmeId: ref,
    version: { type: Number, required: true },
    tables: { type: Mixed, required: true },
    actor: actorSchema,
    at: Date,
  },
  { collection: 'scorecard_tables' },
);
scorecardTablesSchema.index({ programmeId: 1, version: 1 }, { unique: true });

/**
 * FT-12 period inputs, one document per item (onboarding rating, one security incident, one month's success
 * rate): edits of different items never touch the same document, so concurrent edits cannot overwrite each
 * other (FerretDB 1.24 loses concurrent updates of one document).
 */
export const scorecardInputItemSchema = schema(
  {
    ...partnerScope,
    period: { type: String, required: true },
    kind: { type: String, required: true, enum: ['onboarding', 'security_incident', 'success_rate'] },
    key: { type: String, required: true },
    value: { type: Mixed, required: true },
    actor: actorSchema,
    at: Date,
  },
  { collection: 'scorecard_inputs' },
);
scorecardInputItemSchema.index({ partnerId: 1, period: 1, kind: 1, key: 1 }, { unique: true });

/** FT-14: written once when a partner's period is closed; from then on its inputs are frozen. */
export const scorecardClosureSchema = schema(
  {
    ...partnerScope,
    period: { type: String, required: true },
    at: { type: Date, required: true },
    actor: actorSchema,
  },
  { collection: 'scorecard_closures' },
);
scorecardClosureSchema.index({ partnerId: 1, period: 1 }, { unique: true });

export const escalationFlagSchema = schema(
  {
    complaintId: { type: String, required: true, unique: true },
    partnerId: ref,
    attributable: { type: Boolean, required: true },
    malicious: { type: Boolean, required: true },
    reason: { type: String, required: true },
    actor: actorSchema,
    at: Date,
  },
  { collection: 'scorecard_escalations' },
);

export const scorecardSnapshotSchema = schema(
  {
    ...partnerScope,
    period: { type: String, required: true },
    partnerName: String,
    tablesVersion: Number,
    tables: Mixed,
    window: Mixed,
    calendarVersion: String,
    input: Mixed,
    result: Mixed,
    entries: Mixed,
    closedAt: { type: Date, required: true },
    closedBy: actorSchema,
  },
  { collection: 'scorecard_snapshots' },
);
scorecardSnapshotSchema.index({ partnerId: 1, period: 1 }, { unique: true });
scorecardSnapshotSchema.index({ period: 1 });

const submissionSchema = schema({
  plan: String,
  evidence: [String],
  at: Date,
  actor: actorSchema,
  afterDeadline: Boolean,
});
export const rectificationSchema = schema(
  {
    ...partnerScope,
    period: { type: String, required: true },
    snapshotId: String,
    total: Number,
    threshold: Number,
    openedAt: Date,
    deadline: Date,
    deadlineProvisional: Boolean,
    status: { type: String, required: true },
    submissions: { type: [submissionSchema], default: undefined },
    decision: { type: Mixed, default: null },
    terminationRecommended: { type: Boolean, default: false },
    ...revisionField,
  },
  { collection: 'rectifications', timestamps: true },
);
rectificationSchema.index({ partnerId: 1, period: 1 }, { unique: true });
rectificationSchema.index({ status: 1, openedAt: -1 });
// the exit queue's blockers: several partners' unfinished cases at once
rectificationSchema.index({ partnerId: 1, status: 1, openedAt: -1 });

export const anomalyAlertSchema = schema(
  {
    ...partnerScope,
    day: { type: String, required: true },
    kind: { type: String, required: true },
    last7Days: Number,
    previous4Weeks: [Number],
    factor: Number,
    at: Date,
  },
  { collection: 'scorecard_anomalies' },
);
anomalyAlertSchema.index({ partnerId: 1, day: 1 }, { unique: true });
anomalyAlertSchema.index({ at: -1 });

export const renewalReviewSchema = schema(
  {
    ...partnerScope,
    endsAt: { type: String, required: true },
    reviewedAt: Date,
    scores: Mixed,
    average: { type: Number, default: null },
    certificatesValid: Boolean,
    expiredDocuments: { type: Mixed, default: [] },
    meetsQualification: Boolean,
    renew: Boolean,
    reasons: [String],
    status: { type: String, required: true },
    decision: { type: Mixed, default: null },
    ...revisionField,
  },
  { collection: 'renewal_reviews', timestamps: true },
);
renewalReviewSchema.index({ partnerId: 1, endsAt: 1 }, { unique: true });
renewalReviewSchema.index({ status: 1, reviewedAt: -1 });

type AnyModel = Model<any>;

export interface ScorecardModels {
  Tables: AnyModel;
  InputItem: AnyModel;
  Closure: AnyModel;
  EscalationFlag: AnyModel;
  Snapshot: AnyModel;
  Rectification: AnyModel;
  AnomalyAlert: AnyModel;
  RenewalReview: AnyModel;
}

/** Each model's name and schema. */
const SCORECARD_SCHEMAS: Record<keyof ScorecardModels, [string, Schema<any>]> = {
  Tables: ['ScorecardTables', scorecardTablesSchema],
  InputItem: ['ScorecardInputItem', scorecardInputItemSchema],
  Closure: ['ScorecardClosure', scorecardClosureSchema],
  EscalationFlag: ['ScorecardEscalationFlag', escalationFlagSchema],
  Snapshot: ['ScorecardSnapshot', scorecardSnapshotSchema],
  Rectification: ['Rectification', rectificationSchema],
  AnomalyAlert: ['ScorecardAnomalyAlert', anomalyAlertSchema],
  RenewalReview: ['RenewalReview', renewalReviewSchema],
};

/** Registers the scorecard models on a connection (idempotent). Build their indexes before the first write. */
export function scorecardModels(conn: Connection): ScorecardModels {
  return modelsOf(conn, SCORECARD_SCHEMAS);
}

/** Unique keys (snapshot per partner+period, one case, one alert a day, one review) hold from the first write. */
export async function ensureScorecardIndexes(m: ScorecardModels): Promise<void> {
  await Promise.all(Object.values(m).map((model) => model.createIndexes()));
}
