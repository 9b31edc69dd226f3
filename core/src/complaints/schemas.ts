import { Schema, Types, type SchemaOptions } from 'mongoose';
import { revisionField } from '../workflow/schemas.js';

/** Untyped schema builder (see db/schemas.ts: mongoose's inference over schema literals costs tsc minutes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const schema = (definition: Record<string, unknown>, options?: SchemaOptions<any>): Schema<any> =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new Schema<any>(definition as any, options);

/** A programme's complaint window, copied onto each complaint at registration. */
export const windowSchema = schema(
  {
    start: { type: String, required: true },
    end: { type: String, required: true },
    days: { type: String, required: true },
  },
  { _id: false },
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
complaintSchema.index({ status: 1, kind: 1, receivedAt: -1 }); // the staff list by status and kind, and its total
complaintSchema.index({ receivedAt: -1 });
complaintSchema.index({ programmeId: 1, receivedAt: -1 });
complaintSchema.index({ slaSettled: 1, dueAt: 1 });
complaintSchema.index({ slaSettled: 1, status: 1, dueAt: 1 });
complaintSchema.index({ programmeId: 1, slaSettled: 1, status: 1, dueAt: 1 });
complaintSchema.index({ partnerId: 1, slaSettled: 1, status: 1, dueAt: 1 });
complaintSchema.index({ status: 1, dueAt: 1 });

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
    /** its increments also go into its programme-month's `complaint_rollups` (set on insert, or by the roll-up) */
    rolled: { type: Boolean },
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
// FT-15 reads the scorecard programmes' partners only
complaintCounterDaysSchema.index({ programmeId: 1, month: 1 });
/**
 * The same counts packed per programme and month (`_id` = `${programmeId}:${YYYY-MM}`), for the staff's SLA report:
 * a few documents of one string each instead of one document per partner (the local store's read cost grows with
 * every value it decodes). `packed`: JSON `{partnerId: [received, escalated, within, late, ...replyMs]}`; `d`: the
 * increments pushed since (`key partnerId received escalated within late ms,ms`), folded into `packed` by a guarded
 * update (`rev`) once there are `n` ≥ ROLLUP_COMPACT_AT of them (core/src/complaints/counters.ts).
 */
export const complaintRollupSchema = schema(
  {
    _id: { type: String, required: true },
    programmeId: { type: Types.ObjectId, required: true },
    month: { type: String, required: true },
    packed: { type: String, default: '{}' },
    d: { type: [String], default: [] },
    n: { type: Number, default: 0 },
    rev: { type: Number, default: 0 },
  },
  { collection: 'complaint_rollups' },
);
complaintRollupSchema.index({ month: 1 });
