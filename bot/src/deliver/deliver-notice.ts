import { isDuplicateKey, markDelivered, type NoticeJobData, type OutboxModel } from '@huoban/core';
import type { WechatyInterface } from 'wechaty/impls';
import type { BurstDigests, Digest } from './digest.js';
import { readyAt } from './digest.js';
import { deliveryId, type DeliveryModel, type DeliveryRecord } from './delivery.schema.js';
import type { RateWindow } from './rate.js';
import { findTarget, staffTargets, type Sayable, type StaffAudience, type TargetSpec } from './targets.js';
import type { TargetThrottle } from './throttle.js';

/** The bot cannot post right now; the job must fail and be retried, never acknowledged. */
export class NotLoggedInError extends Error {
  override name = 'NotLoggedInError';
  constructor() {
    super('bot is not logged in');
  }
}

/** A configured room or contact is not visible to the logged-in account (yet); retried. */
export class TargetMissingError extends Error {
  override name = 'TargetMissingError';
  constructor(readonly missing: string[]) {
    super(`targets not found: ${missing.join(', ')}`);
  }
}

export interface DeliverDeps {
  bot: WechatyInterface;
  deliveries: DeliveryModel;
  /** the notice outbox: marked delivered once every target has the notice */
  outbox?: OutboxModel;
  throttle: TargetThrottle;
  audience: StaffAudience;
  /** looks a target up; defaults to Room.find by topic / Contact.find by name */
  find?: (bot: WechatyInterface, spec: TargetSpec) => Promise<Sayable | undefined>;
  /** messages per target per minute (HUOBAN_BOT_MAX_PER_MINUTE), across replicas; none: only the throttle */
  rate?: RateWindow;
  /** digests instead of floods; none: every notice is posted on its own */
  digests?: BurstDigests;
  /** how long a fresh notice waits for the others falling due with it before the digest decision (ms) */
  gatherMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface DeliveryOutcome {
  posted: string[];
  /** targets that already had this notice (a retried or duplicated job, or a digest that carried it) */
  skipped: string[];
  /** targets that got it inside a digest now: target key → digest id */
  digested?: Record<string, string>;
}

/**
 * Who receives a notice: the recipients it names (a recruitment's rooms, or its programme's alert rooms and
 * contacts stamped by the Notifier); otherwise the bot's configured staff rooms and contacts (HUOBAN_BOT_ROOMS,
 * HUOBAN_BOT_CONTACTS).
 */
export function noticeAudience(notice: NoticeJobData, fallback: StaffAudience): StaffAudience {
  return notice.rooms?.length || notice.contacts?.length
    ? { rooms: notice.rooms ?? [], contacts: notice.contacts ?? [] }
    : fallback;
}

/**
 * Posts one notice to every staff target that has not received it yet, recording each post in
 * bot_deliveries. Targets already recorded are skipped, so a retry or a duplicate job never posts
 * twice to the same target. Throws (so the job is retried) when logged out or a target is missing;
 * targets posted before the throw are recorded and skipped on the retry.
 *
 * Run it for one notice at a time (worker concurrency 1): the check-then-post is not atomic.
 */
export async function deliverNotice(deps: DeliverDeps, notice: NoticeJobData): Promise<DeliveryOutcome> {
  const { bot, deliveries, throttle } = deps;
  const find = deps.find ?? findTarget;
  if (!bot.isLoggedIn) throw new NotLoggedInError();

  const audienceOf = (n: NoticeJobData) => noticeAudience(n, deps.audience);
  const targets = staffTargets(audienceOf(notice));
  const done = await deliveredTargets(deliveries, notice.noticeId, targets);
  const outcome: DeliveryOutcome = { posted: [], skipped: [] };
  // a fresh notice waits a moment for the others falling due with it, so a burst becomes one digest
  if (deps.digests && deps.gatherMs && targets.some((t) => !done.has(t.key))) {
    const wait = readyAt(notice) + deps.gatherMs - Date.now();
    if (wait > 0) await (deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(Math.min(wait, deps.gatherMs));
  }

  const missing: string[] = [];
  for (const target of targets) {
    if (done.has(target.key)) {
      outcome.skipped.push(target.key);
      continue;
    }
    const sayable = await find(bot, target);
    if (!sayable) {
      missing.push(target.key);
      continue;
    }
    let digest: Digest | null = null;
    await throttle.run(target.key, async () => {
      await deps.rate?.slot(target.key);
      // decided at the last moment, after the waits: what piled up meanwhile joins the digest
      if (deps.digests)
        digest = await deps.digests.digestFor(notice, target, (await deps.rate?.recent(target.key)) ?? 0, audienceOf);
      if (!bot.isLoggedIn) throw new NotLoggedInError();
      await sayable.say(digest ? digest.text : notice.text);
      await deps.rate?.sent(target.key);
    });
    const d = digest as Digest | null;
    if (d) {
      await recordDigest(deliveries, d, target.key);
      (outcome.digested ??= {})[target.key] = d.id;
      deps.log?.(`[bot] posted digest ${d.id} (${d.notices.length} notices) to ${target.name}`);
    } else {
      await recordDelivery(deliveries, deliveryRecord(notice, target.key, notice.text));
      deps.log?.(`[bot] posted ${notice.noticeId} to ${target.name}`);
    }
    outcome.posted.push(target.key);
  }
  if (missing.length > 0) throw new TargetMissingError(missing);
  // every target has it (posted now or before): the outbox stops re-enqueueing it
  if (deps.outbox) await markDelivered(deps.outbox, notice.noticeId);
  return outcome;
}

const deliveryRecord = (n: NoticeJobData, target: string, text: string, via?: string): DeliveryRecord => ({
  _id: deliveryId(n.noticeId, target),
  noticeId: n.noticeId,
  target,
  text,
  kind: n.kind,
  ...(n.ref ? { ref: { entity: n.ref.entity, id: n.ref.id } } : {}),
  ...(via && { via }),
  sentAt: new Date(),
});

/** Targets that already have the notice: one lookup by `_id` per target (FerretDB serves only those by index). */
async function deliveredTargets(deliveries: DeliveryModel, noticeId: string, targets: TargetSpec[]) {
  const found = await Promise.all(
    targets.map(async (t) => ((await deliveries.exists({ _id: deliveryId(noticeId, t.key) })) ? t.key : null)),
  );
  return new Set(found.filter((k): k is string => k !== null));
}

/**
 * The digest is posted: one record for the digest message, and one per notice in it (`via` the digest), so each
 * is delivered to the target once — its own job, when its turn comes, finds the record and posts nothing.
 */
async function recordDigest(deliveries: DeliveryModel, d: Digest, target: string): Promise<void> {
  const head = d.notices[0]!;
  await recordDelivery(deliveries, {
    ...deliveryRecord({ ...head, noticeId: d.id, kind: 'digest', ref: undefined }, target, d.text),
  });
  const records = d.notices.map((n) => deliveryRecord(n, target, n.text, d.id));
  try {
    await deliveries.insertMany(records, { ordered: false });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err; // a notice another attempt recorded first
  }
}

/**
 * The text is already posted: try hard to record it, since an unrecorded post is posted again on
 * the retry. A duplicate key means another attempt recorded it first.
 */
async function recordDelivery(deliveries: DeliveryModel, record: DeliveryRecord, attempts = 3): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await deliveries.create(record);
      return;
    } catch (err) {
      if (isDuplicateKey(err)) return;
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}
