import { Schema, Types, type Connection, type SchemaOptions } from 'mongoose';
import { modelRegistry, type AnyModel } from './model-registry.js';
import { revisionField } from '../workflow/schemas.js';

/**
 * Untyped schema builder: mongoose 9's inference over nested schema literals costs tsc minutes and gigabytes,
 * so schemas are declared plainly and repositories map documents to the typed records in ./types.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const schema = (definition: Record<string, unknown>, options?: SchemaOptions<any>): Schema<any> =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new Schema<any>(definition as any, options);

const windowSchema = schema(
  {
    start: { type: String, required: true },
    end: { type: String, required: true },
    days: { type: String, required: true },
  },
  { _id: false },
);
const actorSchema = schema(
  { type: { type: String, required: true }, id: { type: String, required: true }, role: String, name: String },
  { _id: false },
);

export const programmeSchema = schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    rulebook: { type: String, required: true, enum: ['scorecard', 'credit'] },
    complaintWindow: { type: windowSchema, required: true },
    slaHours: { type: Number, required: true },
    warningMinutes: { type: [Number], default: [120, 30] },
  },
  { timestamps: true, collection: 'programmes' },
);

export const partnerSchema = schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    programmeId: { type: Types.ObjectId, required: true, index: true },
    status: { type: String, required: true, default: 'active' },
    ...revisionField,
    /** given to the partner by staff; binds a WeChat account on its first login */
    inviteCode: { type: String, required: true, unique: true },
    contactName: String,
    contactPhone: String,
  },
  { timestamps: true, collection: 'partners' },
);

/** The partner's one contract (PartnerContractRecord); one per partner. */
export const partnerContractSchema = schema(
  {
    partnerId: { type: Types.ObjectId, required: true, unique: true },
    applicationId: { type: String, default: null },
    template: { type: String, default: null },
    signedAt: { type: String, required: true },
    termStart: { type: String, default: null },
    endsAt: { type: String, required: true },
    products: { type: [String], default: [] },
    certificatesValidUntil: { type: String, default: null },
    meetsQualification: { type: Boolean, default: true },
    actor: actorSchema,
  },
  { collection: 'partner_contracts', timestamps: true },
);
partnerContractSchema.index({ endsAt: 1 });

export const userSchema = schema(
  {
    username: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true, enum: ['staff', 'admin', 'reviewer', 'committee'] },
    displayName: String,
    /** the department team (FT-8 panels need members of ≥ 3 teams) */
    team: String,
    /** FT-8: the registered affiliation (company name, credit code, phone) a hard conflict of interest is found by */
    affiliation: { type: { companyName: String, creditCode: String, phone: String, _id: false }, default: undefined },
    disabled: { type: Boolean, default: false },
    /** issue #20: tokens carry it (`ver`); a role change, disabling, a password change or a sign-out-everywhere bumps it */
    tokenVersion: { type: Number, default: 0 },
  },
  { timestamps: true, collection: 'users' },
);

/** WeChat openid → partner, from code2session (kept apart so users need no nullable unique field). */
export const partnerIdentitySchema = schema(
  {
    openId: { type: String, required: true, unique: true },
    partnerId: { type: Types.ObjectId, required: true },
  },
  { timestamps: true, collection: 'partner_identities' },
);

const replySchema = schema({
  text: { type: String, required: true },
  at: { type: Date, required: true },
  by: { type: String, required: true },
  verdict: { type: String, required: true, default: 'pending' },
  reason: String,
  decidedAt: Date,
  decidedBy: String,
});

export const complaintSchema = schema(
  {
    no: { type: String, required: true, unique: true },
    programmeId: { type: Types.ObjectId, required: true },
    partnerId: { type: Types.ObjectId, required: true },
    kind: { type: String, required: true },
    channel: { type: String, required: true },
    summary: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    provisional: { type: Boolean, default: false },
    calendarVersion: { type: String, required: true },
    window: { type: windowSchema, required: true },
    slaHours: { type: Number, required: true },
    warningMinutes: { type: [Number], default: [] },
    status: { type: String, required: true, default: 'open' },
    replies: { type: [replySchema], default: [] },
    effectiveReplyAt: { type: Date, default: null },
    breachedAt: { type: Date, default: null },
    slaSettled: { type: Boolean, default: false },
    warningsSent: { type: [String], default: [] },
    /** the events already added to its month's `complaint_counters` (core/src/complaints/counters.ts) */
    countedAs: { type: [String], default: [] },
    ...revisionField,
    createdBy: { type: String, required: true },
  },
  { timestamps: true, collection: 'complaints' },
);
// every hot read of complaints has one (core/src/db/hot-queries.ts lists them; equality fields first, then the range
// or sort field): the partner home and 我的投诉, the staff list's filters, the 临期投诉 queue, the SLA report, the
// sweeper, 今日到期 and the FT-15 watch
complaintSchema.index({ partnerId: 1, receivedAt: -1 });
complaintSchema.index({ partnerId: 1, status: 1, receivedAt: -1 });
complaintSchema.index({ status: 1, receivedAt: -1 });
complaintSchema.index({ kind: 1, receivedAt: -1 });
complaintSchema.index({ receivedAt: -1 });
complaintSchema.index({ programmeId: 1, receivedAt: -1 });
complaintSchema.index({ slaSettled: 1, dueAt: 1 });
complaintSchema.index({ slaSettled: 1, status: 1, dueAt: 1 });
complaintSchema.index({ programmeId: 1, slaSettled: 1, status: 1, dueAt: 1 });
complaintSchema.index({ partnerId: 1, slaSettled: 1, status: 1, dueAt: 1 });
complaintSchema.index({ status: 1, dueAt: 1 });

export const scoreEventSchema = schema(
  {
    partnerId: { type: Types.ObjectId, required: true },
    programmeId: { type: Types.ObjectId, required: true },
    rule: { type: String, required: true },
    component: { type: String, required: true },
    points: { type: Number, required: true },
    period: { type: String, required: true },
    source: { type: schema({ entity: String, id: String }, { _id: false }), required: true },
    reason: { type: String, required: true },
    idempotencyKey: { type: String, required: true, unique: true },
    reverses: { type: String },
    actor: { type: actorSchema, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'score_events' },
);
scoreEventSchema.index({ partnerId: 1, period: 1, at: 1 });

export const auditSchema = schema(
  {
    /** an ObjectId, or the idempotency key of a system step (see AuditRepository.appendMany) */
    _id: { type: Schema.Types.Mixed, default: () => new Types.ObjectId() },
    at: { type: Date, required: true },
    actor: { type: actorSchema, required: true },
    action: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, required: true },
    reason: String,
    before: Schema.Types.Mixed,
    after: Schema.Types.Mixed,
  },
  { collection: 'audit_log' },
);
auditSchema.index({ entity: 1, entityId: 1, at: 1 });

/**
 * One document per breached complaint, written by the worker instead of updating the complaint: an insert
 * stays cheap when many deadlines pass at once (on FerretDB every update costs a collection scan). The
 * repositories merge it into the complaint, and the sweeper later marks the complaint itself settled.
 */
export const slaBreachSchema = schema(
  {
    /** the complaint's id (an ObjectId: FerretDB answers point lookups only for ObjectId ids) */
    _id: Types.ObjectId,
    partnerId: { type: Types.ObjectId, required: true },
    at: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'sla_breaches' },
);

/**
 * Per partner and Asia/Shanghai month of receipt (`_id` = `${partnerId}:${YYYY-MM}`): what the SLA report (FT-12a)
 * and the FT-15 watch read instead of every complaint. Only `$inc`/`$push` write it (core/src/complaints/counters.ts).
 */
export const complaintCounterSchema = schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: Types.ObjectId, required: true },
    programmeId: { type: Types.ObjectId, required: true },
    month: { type: String, required: true },
    received: { type: Number, default: 0 },
    escalated: { type: Number, default: 0 },
    within: { type: Number, default: 0 },
    late: { type: Number, default: 0 },
    /** working ms (WT-3 window) from receipt to each effective reply */
    replyMs: { type: [Number], default: [] },
  },
  { collection: 'complaint_counters' },
);
complaintCounterSchema.index({ month: 1 });
complaintCounterSchema.index({ programmeId: 1, month: 1 });
/** The same key: complaints received per day of that month (`days: {'07': 3}`), for FT-15. */
export const complaintCounterDaysSchema = schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: Types.ObjectId, required: true },
    programmeId: { type: Types.ObjectId, required: true },
    month: { type: String, required: true },
    days: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'complaint_counter_days', minimize: false },
);
complaintCounterDaysSchema.index({ month: 1 });

export const calendarYearSchema = schema(
  {
    year: { type: Number, required: true, unique: true },
    holidays: { type: [String], default: [] },
    makeupWorkdays: { type: [String], default: [] },
  },
  { timestamps: true, collection: 'calendar_years' },
);

export const calendarOverrideSchema = schema(
  { date: { type: String, required: true, unique: true }, workday: { type: Boolean, required: true }, note: String },
  { timestamps: true, collection: 'calendar_overrides' },
);

export interface Models {
  Programme: AnyModel;
  Partner: AnyModel;
  User: AnyModel;
  PartnerIdentity: AnyModel;
  PartnerContract: AnyModel;
  Complaint: AnyModel;
  ScoreEvent: AnyModel;
  Audit: AnyModel;
  SlaBreach: AnyModel;
  ComplaintCounter: AnyModel;
  ComplaintCounterDays: AnyModel;
  CalendarYear: AnyModel;
  CalendarOverride: AnyModel;
}

/** Registers every model on a connection; idempotent. */
export function models(conn: Connection): Models {
  const m = modelRegistry(conn);
  return {
    Programme: m('Programme', programmeSchema),
    Partner: m('Partner', partnerSchema),
    User: m('User', userSchema),
    PartnerIdentity: m('PartnerIdentity', partnerIdentitySchema),
    PartnerContract: m('PartnerContract', partnerContractSchema),
    Complaint: m('Complaint', complaintSchema),
    ScoreEvent: m('ScoreEvent', scoreEventSchema),
    Audit: m('Audit', auditSchema),
    SlaBreach: m('SlaBreach', slaBreachSchema),
    ComplaintCounter: m('ComplaintCounter', complaintCounterSchema),
    ComplaintCounterDays: m('ComplaintCounterDays', complaintCounterDaysSchema),
    CalendarYear: m('CalendarYear', calendarYearSchema),
    CalendarOverride: m('CalendarOverride', calendarOverrideSchema),
  };
}
