import { isDuplicateKey, markDelivered, type NoticeJobData, type OutboxModel } from '@huoban/core';
import type { WechatyInterface } from 'wechaty/impls';
import type { DeliveryModel, DeliveryRecord } from './delivery.schema.js';
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
  log?: (line: string) => void;
}

export interface DeliveryOutcome {
  posted: string[];
  /** targets that already had this notice (a retried or duplicated job) */
  skipped: string[];
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

  const targets = staffTargets(noticeAudience(notice, deps.audience));
  const already = await deliveries
    .find({ noticeId: notice.noticeId, target: { $in: targets.map((t) => t.key) } }, { target: 1 })
    .lean();
  const done = new Set(already.map((d) => d.target));

  const outcome: DeliveryOutcome = { posted: [], skipped: [] };
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
    await throttle.run(target.key, async () => {
      if (!bot.isLoggedIn) throw new NotLoggedInError();
      await sayable.say(notice.text);
    });
    await recordDelivery(deliveries, {
      noticeId: notice.noticeId,
      target: target.key,
      text: notice.text,
      kind: notice.kind,
      ...(notice.ref ? { ref: { entity: notice.ref.entity, id: notice.ref.id } } : {}),
      sentAt: new Date(),
    });
    outcome.posted.push(target.key);
    deps.log?.(`[bot] posted ${notice.noticeId} to ${target.name}`);
  }
  if (missing.length > 0) throw new TargetMissingError(missing);
  // every target has it (posted now or before): the outbox stops re-enqueueing it
  if (deps.outbox) await markDelivered(deps.outbox, notice.noticeId);
  return outcome;
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
