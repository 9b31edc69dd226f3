import { Schema, Types, type Connection, type SchemaOptions } from 'mongoose';
import { modelRegistry, type AnyModel } from './model-registry.js';
import { revisionField } from '../workflow/schemas.js';
import {
  complaintCounterDaysSchema,
  complaintCounterSchema,
  complaintRollupSchema,
  complaintSchema,
  slaBreachSchema,
  windowSchema,
} from '../complaints/schemas.js';

/**
 * Untyped schema builder: mongoose 9's inference over nested schema literals costs tsc minutes and gigabytes,
 * so schemas are declared plainly and repositories map documents to the typed records in ./types.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const schema = (definition: Record<string, unknown>, options?: SchemaOptions<any>): Schema<any> =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new Schema<any>(definition as any, options);

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
    /** #18 name and code normalized (`searchKey`), for the staff table's prefix search */
    nameKey: { type: String, default: '' },
    codeKey: { type: String, default: '' },
  },
  { timestamps: true, collection: 'partners' },
);
// #18 the console's 伙伴 table: a status (or every status) and maybe a programme, then the sort or search key
for (const key of ['code', 'name', 'createdAt', 'nameKey', 'codeKey']) {
  partnerSchema.index({ status: 1, [key]: 1 });
  partnerSchema.index({ programmeId: 1, status: 1, [key]: 1 });
}

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
    /** #18 display name and username normalized (`searchKey`), for the admin's 员工 table */
    nameKey: { type: String, default: '' },
    usernameKey: { type: String, default: '' },
  },
  { timestamps: true, collection: 'users' },
);
// #18 the admin's 员工 table: a role (or every role), maybe enabled or disabled, then the sort or search key
for (const key of ['username', 'createdAt', 'nameKey', 'usernameKey']) {
  userSchema.index({ role: 1, [key]: 1 });
  userSchema.index({ role: 1, disabled: 1, [key]: 1 });
}

/** WeChat openid → partner, from code2session (kept apart so users need no nullable unique field). */
export const partnerIdentitySchema = schema(
  {
    openId: { type: String, required: true, unique: true },
    partnerId: { type: Types.ObjectId, required: true },
  },
  { timestamps: true, collection: 'partner_identities' },
);

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
  ComplaintRollup: AnyModel;
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
    ComplaintRollup: m('ComplaintRollup', complaintRollupSchema),
    CalendarYear: m('CalendarYear', calendarYearSchema),
    CalendarOverride: m('CalendarOverride', calendarOverrideSchema),
  };
}
