import type { ComplaintFacts } from './evaluate.js';
import type { ScorecardComplaintReader } from './repositories.js';

/** Partner and half-year pairs whose closed complaints a process keeps (the least recently read go first). */
const HELD = 5000;

/**
 * The live score's complaints without decoding the closed ones on every request (issue #16: the partner home read
 * and decoded its whole half-year, 64 complaints at the seeded year, on every request). A closed complaint never
 * changes what the score reads of it: no reply or verdict follows `closed`, and a breach recorded after the close
 * changes no SLA state of a complaint that has its effective reply. So each process keeps the closed complaints'
 * facts per partner and half-year, and reads the running ones (`open`, `replied`) and an index-only count of the
 * closed ones: a count other than what it holds (a complaint closed meanwhile, or stored closed) reads the closed
 * ones again. Closed complaints are never deleted or reopened, so an equal count means the same complaints.
 */
export class ClosedComplaintFacts {
  private readonly held = new Map<string, ComplaintFacts[]>();

  constructor(
    private readonly reader: Pick<ScorecardComplaintReader, 'received' | 'closedCount'>,
    private readonly max = HELD,
  ) {}

  /** As `reader.received(partnerId, from, to)`: the partner's complaints received in [from, to), in that order. */
  async received(partnerId: string, from: Date, to: Date): Promise<ComplaintFacts[]> {
    const key = `${partnerId}/${from.getTime()}/${to.getTime()}`;
    // the running ones first, then the count: one closed in between is counted (and read below) as well as read
    // running, and its closed facts win; read the other way round it could be in neither
    const running = await this.reader.received(partnerId, from, to, ['open', 'replied']);
    const count = await this.reader.closedCount(partnerId, from, to);
    let closed = this.held.get(key);
    if (closed?.length !== count) closed = await this.reader.received(partnerId, from, to, ['closed']);
    this.held.delete(key);
    this.held.set(key, closed);
    if (this.held.size > this.max) this.held.delete(this.held.keys().next().value!);
    const ids = new Set(closed.map((c) => c.id));
    return [...closed, ...running.filter((c) => !ids.has(c.id))].sort(
      (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  }
}
