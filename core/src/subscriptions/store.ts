import { Schema, Types, type Connection } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import { modelsOf, type AnyModel } from '../db/model-registry.js';
import type { FieldData, SubscriptionKind, SubscriptionStatus } from './rules.js';

/**
 * The feature's three collections:
 * - `subscription_consents`: one document per answer of `requestSubscribeMessage` per template (accept, reject,
 *   ban, filter), append-only; an `accept` allows one send (WeChat's one-time subscription);
 * - `subscription_consent_uses`: `_id` = the consent spent, so of any number of concurrent sends one wins it
 *   (FerretDB does not make a guarded update atomic; a unique key holds);
 * - `subscription_messages`: the outbox, one document per notice per recipient under a deterministic id, written
 *   before its job is queued; `pending` until it is sent or settled (refused, no consent, cancelled, failed).
 */
export interface SubscriptionMessageRecord {
  _id: string;
  key: string;
  kind: SubscriptionKind;
  openId: string;
  /** whom it is about, for reads and the audit: the partner, or the application */
  partnerId: string | null;
  applicationId: string | null;
  data: FieldData;
  page: string | null;
  text: string;
  sendAt: Date;
  /** the condition under which it is still wanted (a reminder: the complaint still open at that deadline) */
  guard: { complaintId: string; dueAt: string } | null;
  status: SubscriptionStatus;
  pending: boolean;
  template: string | null;
  consentId: string | null;
  attempts: number;
  error: string | null;
  errcode: number | null;
  sentAt: Date | null;
  createdAt: Date;
}

export interface ConsentRecord {
  _id: Types.ObjectId;
  openId: string;
  userId: string;
  template: string;
  kind: SubscriptionKind | null;
  result: string;
  at: Date;
  used: boolean;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const messageSchema = new Schema<any>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    kind: { type: String, required: true },
    openId: { type: String, required: true },
    partnerId: { type: String, default: null },
    applicationId: { type: String, default: null },
    data: { type: Schema.Types.Mixed, required: true },
    page: { type: String, default: null },
    text: { type: String, required: true },
    sendAt: { type: Date, required: true },
    guard: { type: Schema.Types.Mixed, default: null },
    status: { type: String, required: true },
    pending: { type: Boolean, required: true },
    template: { type: String, default: null },
    consentId: { type: String, default: null },
    attempts: { type: Number, default: 0 },
    error: { type: String, default: null },
    errcode: { type: Number, default: null },
    sentAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'subscription_messages', versionKey: false, minimize: false },
);
messageSchema.index({ pending: 1, sendAt: 1 });

const consentSchema = new Schema<any>(
  {
    openId: { type: String, required: true },
    userId: { type: String, required: true },
    template: { type: String, required: true },
    kind: { type: String, default: null },
    result: { type: String, required: true },
    at: { type: Date, required: true },
    used: { type: Boolean, default: false },
  },
  { collection: 'subscription_consents', versionKey: false },
);
consentSchema.index({ openId: 1, template: 1, used: 1 });

const consentUseSchema = new Schema<any>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'subscription_consent_uses', versionKey: false },
);

const TABLE = {
  Message: ['SubscriptionMessage', messageSchema],
  Consent: ['SubscriptionConsent', consentSchema],
  ConsentUse: ['SubscriptionConsentUse', consentUseSchema],
} as const;
export type SubscriptionModels = Record<keyof typeof TABLE, AnyModel>;
export const subscriptionModels = (conn: Connection): SubscriptionModels => modelsOf(conn, TABLE);
export const subscriptionTable = TABLE;

export class SubscriptionStore {
  constructor(readonly m: SubscriptionModels) {}

  message(id: string): Promise<SubscriptionMessageRecord | null> {
    return this.m.Message.findById(id).lean<SubscriptionMessageRecord>().exec();
  }

  /** Pending messages due at `before`, oldest first (the sweep). */
  due(before: Date, limit = 500): Promise<SubscriptionMessageRecord[]> {
    return this.m.Message.find({ pending: true, sendAt: { $lte: before } })
      .sort({ sendAt: 1 })
      .limit(limit)
      .lean<SubscriptionMessageRecord[]>()
      .exec();
  }

  async update(id: string, set: Partial<SubscriptionMessageRecord>, attempt = false): Promise<void> {
    await this.m.Message.updateOne({ _id: id }, { $set: set, ...(attempt && { $inc: { attempts: 1 } }) });
  }

  /** Settles a message: no longer pending, with its final status. */
  settle(id: string, status: SubscriptionStatus, set: Partial<SubscriptionMessageRecord> = {}, attempt = false) {
    return this.update(id, { ...set, status, pending: false }, attempt);
  }

  async addConsents(docs: Omit<ConsentRecord, '_id' | 'used'>[]): Promise<void> {
    if (docs.length) await this.m.Consent.insertMany(docs.map((d) => ({ ...d, used: d.result !== 'accept' })));
  }

  /**
   * Spends one accepted, unused consent of `openId` for `template` on message `messageId` (oldest first). The
   * unique `_id` of the use decides between concurrent sends; a consent this message spent before (a retry) is its
   * own. Null when none is left.
   */
  async spendConsent(openId: string, template: string, messageId: string, at: Date): Promise<string | null> {
    const open = await this.m.Consent.find({ openId, template, used: false })
      .sort({ at: 1 })
      .limit(20)
      .lean<ConsentRecord[]>()
      .exec();
    for (const c of open) {
      const id = String(c._id);
      try {
        await this.m.ConsentUse.create({ _id: id, messageId, at });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const use = await this.m.ConsentUse.findById(id).lean<{ messageId: string }>().exec();
        if (use?.messageId !== messageId) {
          await this.m.Consent.updateOne({ _id: c._id }, { $set: { used: true } });
          continue;
        }
      }
      await this.m.Consent.updateOne({ _id: c._id }, { $set: { used: true } });
      return id;
    }
    return null;
  }

  /** Unused accepted consents of a recipient per template (what the mini-program may still be sent). */
  async openConsents(openId: string): Promise<Map<string, number>> {
    const open = await this.m.Consent.find({ openId, used: false }).lean<ConsentRecord[]>().exec();
    const out = new Map<string, number>();
    for (const c of open) out.set(c.template, (out.get(c.template) ?? 0) + 1);
    return out;
  }
}
