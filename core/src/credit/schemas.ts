import { Schema, Types, type Connection, type Model, type SchemaOptions } from 'mongoose';
import { registerModels } from '../db/model-registry.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
/** Untyped schema builder (see db/schemas.ts: mongoose's inference over schema literals costs tsc minutes). */
const schema = (definition: Record<string, unknown>, options?: SchemaOptions<any>): Schema<any> =>
  new Schema<any>(definition as any, options);
type AnyModel = Model<any>;

const { ObjectId } = Types;
const { Mixed } = Schema.Types;
const actorSchema = schema(
  { type: { type: String, required: true }, id: { type: String, required: true }, role: String, name: String },
  { _id: false },
);

export const creditTablesSchema = schema(
  {
    programmeId: { type: ObjectId, required: true },
    version: { type: Number, required: true },
    tables: { type: Mixed, required: true },
    actor: { type: actorSchema, required: true },
    reason: String,
    at: { type: Date, required: true },
  },
  { collection: 'credit_tables' },
);
creditTablesSchema.index({ programmeId: 1, version: 1 }, { unique: true });

export const creditAccountSchema = schema(
  {
    partnerId: { type: ObjectId, required: true, unique: true },
    programmeId: { type: ObjectId, required: true },
    formerPartnerIds: { type: [ObjectId], default: [] },
    firstMonth: { type: String, required: true },
    state: { type: Mixed, required: true },
    lastClosedMonth: { type: String, default: null },
    /** MG-13: the index (`monthIndex`) of the first month still open, so the month close finds the accounts behind
     * by one indexed range instead of `$or` over `lastClosedMonth: null` */
    closeDue: { type: Number, required: true },
    closing: { type: String, default: null },
    rev: { type: Number, required: true, default: 0 },
    journal: { type: Mixed, default: {} },
    aClassReviewPending: { type: Boolean, default: false },
    status: { type: String, required: true, default: 'active' },
    exitedAt: { type: Date, default: null },
  },
  { collection: 'credit_accounts', timestamps: true, minimize: false },
);
creditAccountSchema.index({ status: 1, closeDue: 1 });

export const creditEntrySchema = schema(
  {
    accountId: { type: ObjectId, required: true },
    partnerId: { type: ObjectId, required: true },
    programmeId: { type: ObjectId, required: true },
    month: { type: String, required: true },
    seq: { type: Number, required: true },
    rule: { type: String, required: true },
    kind: { type: String, required: true },
    requested: { type: Number, required: true },
    applied: { type: Number, required: true },
    scoreAfter: { type: Number, required: true },
    reason: { type: String, required: true },
    ref: String,
    source: { type: schema({ entity: String, id: String }, { _id: false }), required: true },
    actor: { type: actorSchema, required: true },
    at: { type: Date, required: true },
    idempotencyKey: { type: String, required: true, unique: true },
    reverses: String,
  },
  { collection: 'credit_entries' },
);
creditEntrySchema.index({ accountId: 1, month: 1, seq: 1 });

export const creditEventSchema = schema(
  {
    accountId: { type: ObjectId, required: true },
    partnerId: { type: ObjectId, required: true },
    month: { type: String, required: true },
    event: { type: Mixed, required: true },
    code: String,
    note: String,
    status: { type: String, required: true, default: 'active' },
    voidReason: String,
    actor: { type: actorSchema, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'credit_events' },
);
creditEventSchema.index({ accountId: 1, month: 1 });

export const creditCloseSchema = schema(
  {
    accountId: { type: ObjectId, required: true },
    partnerId: { type: ObjectId, required: true },
    programmeId: { type: ObjectId, required: true },
    month: { type: String, required: true },
    tablesVersion: { type: Number, required: true },
    tables: { type: Mixed, required: true },
    events: { type: Mixed, required: true },
    stateBefore: { type: Mixed, required: true },
    stateAfter: { type: Mixed, required: true },
    entries: { type: Mixed, required: true },
    aClassPending: { type: Boolean, required: true },
    actor: { type: actorSchema, required: true },
    closedAt: { type: Date, required: true },
  },
  { collection: 'credit_closes', minimize: false },
);
creditCloseSchema.index({ accountId: 1, month: 1 }, { unique: true });
creditCloseSchema.index({ month: 1 });

export const creditSettlementSchema = schema(
  {
    accountId: { type: ObjectId, required: true },
    partnerId: { type: ObjectId, required: true },
    kind: { type: String, required: true },
    month: { type: String, required: true },
    amount: { type: Number, required: true },
    shortfall: { type: Number, required: true, default: 0 },
    heldUntil: { type: String, default: null },
    reason: { type: String, required: true },
    ref: String,
    paidAt: { type: Date, default: null },
    actor: { type: actorSchema, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'credit_settlements' },
);
creditSettlementSchema.index({ accountId: 1, at: 1 });

export const badCreditSchema = schema(
  {
    companyName: { type: String, required: true },
    nameKey: { type: String, required: true, index: true },
    partnerId: { type: ObjectId, required: true, unique: true },
    reason: { type: String, required: true },
    listedAt: { type: Date, required: true },
    actor: { type: actorSchema, required: true },
  },
  { collection: 'bad_credit_list' },
);

export const creditAppealSchema = schema(
  {
    accountId: { type: ObjectId, required: true },
    partnerId: { type: ObjectId, required: true },
    entryId: { type: String, required: true, index: true },
    /** the entry id while open, the appeal's own id once decided: "one open appeal per entry" without partial indexes */
    openKey: { type: String, required: true, unique: true },
    reason: { type: String, required: true },
    status: { type: String, required: true, default: 'open' },
    decisionReason: String,
    decidedAt: Date,
    decidedBy: actorSchema,
    reversalEntryId: String,
    createdBy: { type: actorSchema, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'credit_appeals' },
);
creditAppealSchema.index({ status: 1, createdAt: 1 });
creditAppealSchema.index({ accountId: 1, createdAt: 1 });
// the exit queue's blockers: the open appeals of several accounts at once
creditAppealSchema.index({ accountId: 1, status: 1, createdAt: -1 });

export interface CreditModels {
  Tables: AnyModel;
  Account: AnyModel;
  Entry: AnyModel;
  Event: AnyModel;
  Close: AnyModel;
  Settlement: AnyModel;
  BadCredit: AnyModel;
  Appeal: AnyModel;
}

/** Each model's name and schema. */
const CREDIT_SCHEMAS: Record<keyof CreditModels, [string, Schema<any>]> = {
  Tables: ['CreditTables', creditTablesSchema],
  Account: ['CreditAccount', creditAccountSchema],
  Entry: ['CreditLedgerEntry', creditEntrySchema],
  Event: ['CreditEvent', creditEventSchema],
  Close: ['CreditClose', creditCloseSchema],
  Settlement: ['CreditSettlement', creditSettlementSchema],
  BadCredit: ['BadCredit', badCreditSchema],
  Appeal: ['CreditAppeal', creditAppealSchema],
};

/** Registers the credit models on a connection (idempotent) and builds their indexes (unique keys hold from the first write). */
export async function creditModels(conn: Connection): Promise<CreditModels> {
  return registerModels(conn, CREDIT_SCHEMAS);
}
