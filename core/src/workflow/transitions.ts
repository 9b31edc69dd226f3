import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import type { Actor } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { NoticeJobData } from '../queues/index.js';
import type { SubscriptionNotice } from '../subscriptions/outbox.js';
import { workflowModels, type WorkflowModels } from './schemas.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** Where a transition's notices go once its step is recorded (the Notifier, behind its outbox). */
export interface NoticeSink {
  notify(...notices: NoticeJobData[]): Promise<void>;
  /** partner and applicant WeChat 订阅消息 (core/src/subscriptions), when the sink carries them */
  message?(...msgs: SubscriptionNotice[]): Promise<void>;
}

/** Where a transition's audit entry goes: keyed by the claim, so a finished-again step records it once. */
export interface AuditSink {
  appendMany(entries: (Doc & { key?: string })[]): Promise<void>;
}

export interface TransitionInput {
  /** the mongoose model name of the workflow document, registered on the same connection */
  model: string;
  /** the audit entity name (`complaint`, `exit_case`, …) */
  entity: string;
  id: string;
  /** the revision the caller read and checked its preconditions against */
  rev: number;
  /** audit action, e.g. `complaint.replied` */
  action: string;
  actor: Actor;
  reason?: string;
  set?: Doc;
  push?: Doc;
  /** audit before/after; `before` defaults to nothing, `after` to `set` */
  before?: unknown;
  after?: unknown;
  notices?: NoticeJobData[];
  /** the instant the step happens (defaults to now) */
  at?: Date;
}

/** A document a multi-document step creates once its claims are taken (see `Transitions.applyAll`). */
export interface Creation {
  model: string;
  /** the document with its `_id` chosen beforehand */
  doc: Doc & { _id: unknown };
  /** its audit entry (e.g. `meeting.recorded`) */
  action: string;
  entity: string;
  after?: unknown;
}

/** Revisions are small integers; anything at or beyond this is not one a document reaches. */
const MAX_REV = 2 ** 31;

export const claimId = (entity: string, id: string, rev: number) => `${entity}-${id}-r${rev}`;

/** The message of the 409 a request gets when another request took the same step first. */
export const STATE_CHANGED = '状态已变化，请刷新后重试';

/**
 * The one transition primitive of every workflow. A step is
 *   1. claimed by inserting `<entity>-<id>-r<rev>` (exactly one of any number of concurrent requests that read
 *      revision `rev` succeeds; the others get a 409 and change nothing), then
 *   2. applied to the document (`$set`/`$push` plus `rev + 1`), then
 *   3. audited (one entry keyed by the claim), then
 *   4. notified (notices under their own deterministic ids), and the claim is marked applied.
 * Steps 2–4 are idempotent and their inputs live in the claim, so `recover()` finishes a step whose process died
 * after its claim. FerretDB 1.24 does not make a guarded update atomic; the unique insert is what makes it hold.
 * On MongoDB 7 the same code is correct as well.
 */
export class Transitions {
  private readonly m: WorkflowModels;

  constructor(
    /** the store the steps are written to (the SLA handler writes its breaches there as well) */
    readonly conn: Connection,
    readonly audit: AuditSink,
    private readonly notices?: NoticeSink,
  ) {
    this.m = workflowModels(conn);
  }

  /**
   * Applies one step; returns the updated document (lean). 409 `conflict` when the revision is not the document's
   * current one: taken by another request (lower), not reached (higher), or not a revision at all (1e20, 2^53, 1.5).
   */
  async apply(t: TransitionInput): Promise<Doc> {
    const [doc] = await this.applyAll([t]);
    return doc;
  }

  /**
   * Applies steps on several documents as one: every step is claimed first (a refused claim releases the ones this
   * call took, and nothing is written), then `create` (the document the steps belong to, e.g. a meeting with its
   * decisions) is inserted with its audit entry, then each step is completed. The creation travels in the first
   * claim, so `recover()` finishes it too.
   */
  async applyAll(steps: TransitionInput[], create?: Creation): Promise<Doc[]> {
    const claims = steps.map((t, i) => this.claimOf(t, i === 0 ? create : undefined));
    for (const t of steps) await this.requireCurrent(t);
    const taken: string[] = [];
    try {
      for (const c of claims) {
        await this.m.Claim.create(c);
        taken.push(c._id);
      }
    } catch (e) {
      if (taken.length) await this.m.Claim.deleteMany({ _id: { $in: taken }, state: 'claimed' });
      if (isDuplicateKey(e)) throw DomainError.conflict(STATE_CHANGED, 'revision');
      throw e;
    }
    const docs: Doc[] = [];
    for (const c of claims) docs.push(await this.complete(c));
    return docs;
  }

  /** 409 unless `t.rev` is the document's revision now (404 when the document does not exist). */
  private async requireCurrent(t: TransitionInput): Promise<void> {
    if (!Number.isSafeInteger(t.rev) || t.rev < 0 || t.rev >= MAX_REV)
      throw DomainError.conflict(STATE_CHANGED, 'revision');
    const model = this.conn.models[t.model];
    if (!model) throw new Error(`workflow model ${t.model} is not registered on this connection`);
    const current: Doc | null = await model.findOne({ _id: t.id }, { rev: 1 }).lean();
    if (!current) throw DomainError.notFound('记录不存在');
    if ((current.rev ?? 0) !== t.rev) throw DomainError.conflict(STATE_CHANGED, 'revision');
  }

  private claimOf(t: TransitionInput, create?: Creation): Doc & { _id: string } {
    return {
      _id: claimId(t.entity, t.id, t.rev),
      model: t.model,
      entity: t.entity,
      entityId: t.id,
      rev: t.rev,
      action: t.action,
      actor: t.actor,
      reason: t.reason,
      // stored without `$` keys (a document may not hold them); applied as `$set` / `$push`
      update: { set: t.set ?? {}, ...(t.push && { push: t.push }) },
      audit: { before: t.before, after: t.after ?? t.set },
      notices: t.notices ?? [],
      ...(create && { create }),
      state: 'claimed',
      at: t.at ?? new Date(),
    };
  }

  /** Finishes claimed steps older than `olderThanMs` (a process died between claim and notice). */
  async recover(olderThanMs = 60_000, now = new Date()): Promise<number> {
    const stuck: Doc[] = await this.m.Claim.find({
      state: 'claimed',
      at: { $lt: new Date(now.getTime() - olderThanMs) },
    })
      .limit(500)
      .lean();
    let done = 0;
    for (const c of stuck) {
      if (!this.conn.models[c.model]) continue; // a workflow this process does not load; its own process recovers it
      try {
        await this.complete(c);
        done++;
      } catch {
        // one broken step (its document deleted, a bad update) must not block the others; retried next run
      }
    }
    return done;
  }

  private async complete(claim: Doc): Promise<Doc> {
    const model = this.conn.models[claim.model];
    if (!model) throw new Error(`workflow model ${claim.model} is not registered on this connection`);
    const current: Doc | null = await model.findOne({ _id: claim.entityId }).lean();
    if (!current) throw DomainError.notFound('记录不存在');
    if ((current.rev ?? 0) < claim.rev) {
      // a claim on a revision the document never reached (written before `requireCurrent`): it records nothing
      await this.m.Claim.deleteOne({ _id: claim._id, state: 'claimed' });
      throw DomainError.conflict(STATE_CHANGED, 'revision');
    }
    if (claim.create) await this.created(claim.create, claim.actor, claim.at);
    let doc = current;
    if ((current.rev ?? 0) === claim.rev) {
      const update = {
        $set: { ...claim.update.set, rev: claim.rev + 1 },
        ...(claim.update.push && { $push: claim.update.push }),
      };
      doc = (await model.findOneAndUpdate({ _id: claim.entityId }, update, { returnDocument: 'after' }).lean())!;
    }
    await this.audit.appendMany([
      {
        key: claim._id,
        at: claim.at,
        actor: claim.actor,
        action: claim.action,
        entity: claim.entity,
        entityId: claim.entityId,
        ...(claim.reason !== undefined && { reason: claim.reason }),
        ...(claim.audit?.before !== undefined && { before: claim.audit.before }),
        ...(claim.audit?.after !== undefined && { after: claim.audit.after }),
      },
    ]);
    if (claim.notices?.length && this.notices) await this.notices.notify(...claim.notices);
    await this.m.Claim.updateOne({ _id: claim._id }, { $set: { state: 'applied', appliedAt: new Date() } });
    return doc;
  }

  /** Inserts a step's creation once (a repeat finds it there) and its audit entry under its own key. */
  private async created(c: Creation, actor: Actor, at: Date): Promise<void> {
    const model = this.conn.models[c.model];
    if (!model) throw new Error(`workflow model ${c.model} is not registered on this connection`);
    try {
      await model.create(c.doc);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const id = String(c.doc._id);
    await this.audit.appendMany([
      {
        key: `${c.entity}-${id}-created`,
        at,
        actor,
        action: c.action,
        entity: c.entity,
        entityId: id,
        ...(c.after !== undefined && { after: c.after }),
      },
    ]);
  }
}

/**
 * Sequence numbers without `$inc` (FerretDB loses concurrent increments): the next number is claimed by
 * inserting `<scope>-<n>`; a taken number is skipped and the next one tried. Where to start is read from the
 * scope's head (one document by `_id`), not from the scope's claims: a claim costs the same on the first day and
 * after a year. A scope without a head (stored before heads existed) is read once from its highest claim.
 */
export class Sequences {
  private readonly m: WorkflowModels;
  constructor(conn: Connection) {
    this.m = workflowModels(conn);
  }
  async next(scope: string, at = new Date()): Promise<number> {
    const head: Doc | null = await this.m.SequenceHead.findOne({ _id: scope }).lean();
    const last = head ?? (await this.m.Sequence.findOne({ scope }).sort({ n: -1 }).lean());
    for (let n = (last?.n ?? 0) + 1, attempt = 0; ; n++, attempt++) {
      try {
        await this.m.Sequence.create({ _id: `${scope}-${n}`, scope, n, at });
      } catch (e) {
        if (!isDuplicateKey(e) || attempt >= 200) throw e;
        continue;
      }
      await this.advance(scope, n, at);
      return n;
    }
  }
  /** Raises the scope's head to `n` (two first claims may race on its insert: the loser raises it after). */
  private async advance(scope: string, n: number, at: Date): Promise<void> {
    const raise = () => this.m.SequenceHead.updateOne({ _id: scope }, { $max: { n }, $set: { at } }, { upsert: true });
    await raise().catch((e: unknown) => (isDuplicateKey(e) ? raise() : Promise.reject(e)));
  }
}
