import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../db/connection.js';
import type { Actor } from '../db/types.js';
import { DomainError } from '../errors.js';
import type { NoticeJobData } from '../queues/index.js';
import { workflowModels, type WorkflowModels } from './schemas.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Doc = Record<string, any>;

/** Where a transition's notices go once its step is recorded (the Notifier, behind its outbox). */
export interface NoticeSink {
  notify(...notices: NoticeJobData[]): Promise<void>;
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

  /** Applies one step; returns the updated document (lean). 409 `conflict` when the revision was taken. */
  async apply(t: TransitionInput): Promise<Doc> {
    const at = t.at ?? new Date();
    const claim = {
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
      state: 'claimed',
      at,
    };
    try {
      await this.m.Claim.create(claim);
    } catch (e) {
      if (isDuplicateKey(e)) throw DomainError.conflict(STATE_CHANGED, 'revision');
      throw e;
    }
    return this.complete(claim);
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
