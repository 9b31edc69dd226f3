import { Schema, Types, type Connection, type Model } from 'mongoose';

const windowSchema = new Schema(
  { start: { type: String, required: true }, end: { type: String, required: true }, days: { type: String, required: true } },
  { _id: false },
);
const actorSchema = new Schema(
  { type: { type: String, required: true }, id: { type: String, required: true }, role: String, name: String },
  { _id: false },
);

export const programmeSchema = new Schema(
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

export const partnerSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    programmeId: { type: Types.ObjectId, required: true, index: true },
    status: { type: String, required: true, default: 'active' },
    /** given to the partner by staff; binds a WeChat account on its first login */
    inviteCode: { type: String, required: true, unique: true },
    contactName: String,
    contactPhone: String,
  },
  { timestamps: true, collection: 'partners' },
);

export const userSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true, enum: ['staff', 'admin'] },
    displayName: String,
  },
  { timestamps: true, collection: 'users' },
);

/** WeChat openid → partner, from code2session (kept apart so users need no nullable unique field). */
export const partnerIdentitySchema = new Schema(
  {
    openId: { type: String, required: true, unique: true },
    partnerId: { type: Types.ObjectId, required: true },
  },
  { timestamps: true, collection: 'partner_identities' },
);

const replySchema = new Schema({
  text: { type: String, required: true },
  at: { type: Date, required: true },
  by: { type: String, required: true },
  verdict: { type: String, required: true, default: 'pending' },
  reason: String,
  decidedAt: Date,
  decidedBy: String,
});

export const complaintSchema = new Schema(
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
    createdBy: { type: String, required: true },
  },
  { timestamps: true, collection: 'complaints' },
);
complaintSchema.index({ partnerId: 1, receivedAt: -1 });
complaintSchema.index({ slaSettled: 1, dueAt: 1 });
complaintSchema.index({ status: 1, dueAt: 1 });

export const scoreEventSchema = new Schema(
  {
    partnerId: { type: Types.ObjectId, required: true },
    programmeId: { type: Types.ObjectId, required: true },
    rule: { type: String, required: true },
    component: { type: String, required: true },
    points: { type: Number, required: true },
    period: { type: String, required: true },
    source: { type: new Schema({ entity: String, id: String }, { _id: false }), required: true },
    reason: { type: String, required: true },
    idempotencyKey: { type: String, required: true, unique: true },
    reverses: { type: String },
    actor: { type: actorSchema, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'score_events' },
);
scoreEventSchema.index({ partnerId: 1, period: 1 });

export const auditSchema = new Schema(
  {
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

export const counterSchema = new Schema({ _id: String, seq: Number }, { collection: 'counters' });

export const calendarYearSchema = new Schema(
  {
    year: { type: Number, required: true, unique: true },
    holidays: { type: [String], default: [] },
    makeupWorkdays: { type: [String], default: [] },
  },
  { timestamps: true, collection: 'calendar_years' },
);

export const calendarOverrideSchema = new Schema(
  { date: { type: String, required: true, unique: true }, workday: { type: Boolean, required: true }, note: String },
  { timestamps: true, collection: 'calendar_overrides' },
);

/** Registers every model on a connection; idempotent. */
export function models(conn: Connection) {
  const m = <T>(name: string, schema: Schema): Model<T> =>
    (conn.models[name] as Model<T>) ?? conn.model<T>(name, schema);
  return {
    Programme: m<any>('Programme', programmeSchema),
    Partner: m<any>('Partner', partnerSchema),
    User: m<any>('User', userSchema),
    PartnerIdentity: m<any>('PartnerIdentity', partnerIdentitySchema),
    Complaint: m<any>('Complaint', complaintSchema),
    ScoreEvent: m<any>('ScoreEvent', scoreEventSchema),
    Audit: m<any>('Audit', auditSchema),
    Counter: m<any>('Counter', counterSchema),
    CalendarYear: m<any>('CalendarYear', calendarYearSchema),
    CalendarOverride: m<any>('CalendarOverride', calendarOverrideSchema),
  };
}
export type Models = ReturnType<typeof models>;
