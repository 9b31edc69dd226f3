import { Schema, Types, type Connection, type Model, type SchemaOptions } from 'mongoose';
import { registerModels } from '../db/model-registry.js';
import { revisionField } from '../workflow/schemas.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const schema = (definition: Record<string, unknown>, options?: SchemaOptions<any>): Schema<any> =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new Schema<any>(definition as any, options);
const Mixed = Schema.Types.Mixed;
const ObjectId = Types.ObjectId;

/** FT-3/FT-4/FT-6: a recruitment notice. draft → published → closed → archived. */
export const recruitmentSchema = schema(
  {
    programmeId: { type: ObjectId, required: true },
    title: { type: String, required: true },
    industry: String,
    region: String,
    products: { type: [String], default: [] },
    mode: { type: String, required: true, enum: ['batch', 'monthly'] },
    /** 当期挂网招募数量 (batch), optional monthly quota */
    quota: { type: Number, default: null },
    opensOn: { type: String, default: null },
    /** batch: the last day applications are accepted (Beijing date) */
    closesOn: { type: String, default: null },
    applicationDeadline: { type: Date, default: null },
    description: { type: String, default: '' },
    contact: { type: String, default: '' },
    attachments: { type: [Mixed], default: [] },
    /** bot rooms for the notice; empty = the bot's configured rooms */
    rooms: { type: [String], default: [] },
    status: { type: String, required: true, default: 'draft' },
    publishedAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    archivedAt: { type: Date, default: null },
    changeLog: { type: [Mixed], default: [] },
    history: { type: [Mixed], default: [] },
    createdBy: { type: String, required: true },
    ...revisionField,
  },
  { timestamps: true, collection: 'intake_recruitments', minimize: false },
);
recruitmentSchema.index({ status: 1, mode: 1, applicationDeadline: 1 });
recruitmentSchema.index({ status: 1, createdAt: -1 });

/** FT-2/FT-5..FT-10: one application per company per recruitment (`recruitmentId` + `creditCode` unique). */
export const applicationSchema = schema(
  {
    recruitmentId: { type: ObjectId, required: true },
    programmeId: { type: ObjectId, required: true },
    mode: { type: String, required: true },
    applicantId: { type: String, required: true },
    applicantOpenId: { type: String, required: true },
    creditCode: { type: String, required: true },
    company: { type: Mixed, required: true },
    /** #18 the company name normalized (`searchKey`), for the staff table's prefix search */
    companyKey: { type: String, default: '' },
    answers: { type: [Mixed], default: [] },
    declaration: { type: Mixed, default: null },
    files: { type: [Mixed], default: [] },
    version: { type: Number, default: 1 },
    status: { type: String, required: true, default: 'draft' },
    submittedAt: { type: Date, default: null },
    checks: { type: [Mixed], default: [] },
    rejection: { type: String, default: null },
    /** FT-7/8/9 deadlines (intakeTimeline), with the calendar version used */
    reviewOn: { type: String, default: null },
    preReviewDueAt: { type: Date, default: null },
    evaluationDueAt: { type: Date, default: null },
    decisionDueAt: { type: Date, default: null },
    calendarVersion: { type: String, default: null },
    provisional: { type: Boolean, default: false },
    timersSent: { type: [String], default: [] },
    preReview: { type: Mixed, default: null },
    panel: { type: Mixed, default: null },
    decision: { type: Mixed, default: null },
    partnerId: { type: ObjectId, default: null },
    /** the signing input, kept while `signing` so an interrupted signing resumes with it */
    signing: { type: Mixed, default: null },
    history: { type: [Mixed], default: [] },
    ...revisionField,
  },
  { timestamps: true, collection: 'intake_applications', minimize: false },
);
applicationSchema.index({ recruitmentId: 1, creditCode: 1 }, { unique: true });
applicationSchema.index({ status: 1, createdAt: 1 });
applicationSchema.index({ applicantId: 1, createdAt: 1 });
applicationSchema.index({ recruitmentId: 1, createdAt: 1 });
// #18 the console's 申请 table: a status (or every status but draft) and maybe a recruitment, then the sort key or
// the search key (hot-queries.ts)
for (const key of ['submittedAt', 'updatedAt', 'companyKey', 'creditCode']) {
  applicationSchema.index({ status: 1, [key]: 1 });
  applicationSchema.index({ recruitmentId: 1, status: 1, [key]: 1 });
}
// the intake sweeper reads the timers that came due since its last run by each deadline (issue #16)
for (const key of ['preReviewDueAt', 'evaluationDueAt', 'decisionDueAt'])
  applicationSchema.index({ status: 1, [key]: 1 });

/** Frozen submitted versions (submission freezes an application; a revision starts a new version). */
export const applicationVersionSchema = schema(
  {
    _id: { type: String, required: true },
    applicationId: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    snapshot: { type: Mixed, required: true },
    submittedAt: { type: Date, required: true },
  },
  { collection: 'intake_application_versions' },
);

/**
 * FT-2.1: our own cancellations for risk reasons in `risk_cancellations` — shared with the exit flow, which writes
 * one per major-violation exit (`_id` `exit-<caseId>`, with `partnerId`); staff record past ones here (ObjectId
 * `_id`, `source: 'staff'`). Registered under its own model name so both features can open the collection.
 */
export const intakeRiskCancellationSchema = schema(
  {
    _id: { type: Mixed, default: () => new Types.ObjectId() },
    companyCreditCode: { type: String, index: true },
    companyName: { type: String, required: true },
    partnerId: { type: ObjectId },
    at: { type: Date, required: true },
    reason: { type: String, required: true },
    source: { type: String, required: true },
  },
  { timestamps: true, collection: 'risk_cancellations' },
);

/** FT-2.1: 严重违法失信企业名单 (`serious_illegal`) and 失信被执行人 (`dishonest_debtor`), imported by staff. */
export const dishonestEntrySchema = schema(
  {
    list: { type: String, required: true, enum: ['serious_illegal', 'dishonest_debtor'] },
    creditCode: String,
    name: { type: String, required: true },
    nameKey: { type: String, required: true, index: true },
    legalRep: String,
    legalRepKey: { type: String, index: true },
    importId: String,
  },
  { timestamps: true, collection: 'dishonest_list_entries' },
);
dishonestEntrySchema.index({ creditCode: 1 });

/** FT-4/FT-9: the committee meeting (部务会) record, its decisions and the 公示. */
export const meetingSchema = schema(
  {
    recruitmentId: { type: ObjectId, required: true, index: true },
    heldOn: { type: String, required: true },
    attendees: { type: [String], default: [] },
    minutes: { type: String, required: true },
    minutesFileId: { type: String, default: null },
    candidates: { type: [String], default: [] },
    ranking: { type: [String], default: [] },
    overQuota: { type: Boolean, default: false },
    decisions: { type: [Mixed], default: [] },
    status: { type: String, required: true, default: 'recorded' },
    publicity: { type: Mixed, default: null },
    createdBy: { type: String, required: true },
    history: { type: [Mixed], default: [] },
    ...revisionField,
  },
  { timestamps: true, collection: 'intake_meetings', minimize: false },
);

/** FT-9: objections during the 公示 (anyone files; staff resolve each before signing). */
export const objectionSchema = schema(
  {
    meetingId: { type: ObjectId, required: true, index: true },
    applicationId: { type: String, default: null },
    /** #18 the meeting's recruitment and the company objected to (null: the 公示 as a whole), for the staff table */
    recruitmentId: { type: ObjectId, default: null },
    companyName: { type: String, default: null },
    text: { type: String, required: true },
    contact: { type: String, default: '' },
    status: { type: String, required: true, default: 'open' },
    resolution: { type: String, default: null },
    resolvedAt: { type: Date, default: null },
    resolvedBy: { type: Mixed, default: null },
    history: { type: [Mixed], default: [] },
    ...revisionField,
  },
  { timestamps: true, collection: 'intake_objections', minimize: false },
);
// #18 the console's 公示异议 table: a status (or both), maybe a recruitment, newest or oldest first
objectionSchema.index({ status: 1, createdAt: 1 });
objectionSchema.index({ recruitmentId: 1, status: 1, createdAt: 1 });

/** FT-11: 业务拓展授权书. Status is derived (revocation, the partner's status, validity). */
export const letterSchema = schema(
  {
    letterNo: { type: String, required: true, unique: true },
    code: { type: String, required: true, unique: true },
    applicationId: { type: String, required: true, unique: true },
    partnerId: { type: ObjectId, required: true, index: true },
    grantor: { type: String, required: true },
    grantee: { type: String, required: true },
    products: { type: [String], default: [] },
    capabilities: { type: [String], default: [] },
    governingRules: { type: [String], default: [] },
    validFrom: { type: Date, required: true },
    validTo: { type: Date, required: true },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: Mixed, required: true },
    revokedAt: { type: Date, default: null },
    revocationReason: { type: String, default: null },
    status: { type: String, default: 'issued' },
    history: { type: [Mixed], default: [] },
    ...revisionField,
  },
  { timestamps: true, collection: 'intake_letters', minimize: false },
);

/** Applicants (WeChat identities not yet bound to a partner). */
export const applicantSchema = schema(
  { openId: { type: String, required: true, unique: true }, name: String },
  { timestamps: true, collection: 'intake_applicants' },
);

/** Admin-editable defaults (FT-9 publicity, FT-8 quorum, evidence limits); one document `_id: 'default'`. */
export const intakeSettingsSchema = schema(
  { _id: { type: String, required: true }, settings: { type: Mixed, required: true } },
  { timestamps: true, collection: 'intake_settings', minimize: false },
);

/** Outbound applicant messages (WeChat 订阅消息 and formal late notices), recorded once per key. */
export const outboundMessageSchema = schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true, enum: ['wechat_subscribe', 'formal_letter'] },
    applicationId: { type: String, required: true, index: true },
    to: { type: String, required: true },
    template: String,
    data: Mixed,
    text: String,
    status: { type: String, required: true, default: 'pending' },
    attempts: { type: Number, default: 0 },
    error: String,
    sentAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'intake_messages', minimize: false },
);

/** One mark per fired deadline timer (`intake-<applicationId>-<stage>-<kind>`): a warning/overdue goes out once. */
/**
 * A fired timer (`_id` = its job id), and the sweeper's own mark (`_id` 'sweep'): every timer due up to `at` has been
 * handled, on the calendar `calendarVersion`.
 */
export const timerMarkSchema = schema(
  {
    _id: { type: String, required: true },
    applicationId: String,
    at: { type: Date, required: true },
    calendarVersion: String,
  },
  { collection: 'intake_timer_marks' },
);

const INTAKE_MODELS = {
  Recruitment: ['IntakeRecruitment', recruitmentSchema],
  Application: ['IntakeApplication', applicationSchema],
  ApplicationVersion: ['IntakeApplicationVersion', applicationVersionSchema],
  RiskCancellation: ['IntakeRiskCancellation', intakeRiskCancellationSchema],
  DishonestEntry: ['DishonestEntry', dishonestEntrySchema],
  Meeting: ['IntakeMeeting', meetingSchema],
  Objection: ['IntakeObjection', objectionSchema],
  Letter: ['IntakeLetter', letterSchema],
  Applicant: ['IntakeApplicant', applicantSchema],
  Settings: ['IntakeSettings', intakeSettingsSchema],
  Message: ['IntakeMessage', outboundMessageSchema],
  TimerMark: ['IntakeTimerMark', timerMarkSchema],
} as const;

export type IntakeModels = Record<keyof typeof INTAKE_MODELS, AnyModel>;

/** Registers the intake models on a connection (idempotent) and builds their indexes. */
export function intakeModels(conn: Connection): Promise<IntakeModels> {
  return registerModels(conn, INTAKE_MODELS);
}
