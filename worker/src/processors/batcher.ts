/**
 * Collects items submitted within a short window and hands them to `flush` together; each submitter gets
 * its own result (or error). With many jobs due at the same instant this turns N writes into a few.
 *
 * `maxInFlight` bounds the flushes running at once: while they run, new items wait and go together in the next
 * flush as soon as one ends. So a backlog is taken in batches as large as the work waiting (up to `maxSize`)
 * rather than in one small batch per `maxWaitMs`, each of which costs the store the same handful of commands.
 */
export class Batcher<T, R> {
  private pending: { item: T; resolve: (r: R) => void; reject: (e: Error) => void }[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = 0;

  constructor(
    private readonly flush: (items: T[]) => Promise<(R | Error)[]>,
    private readonly opts: { maxSize: number; maxWaitMs: number; maxInFlight?: number },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.opts.maxSize) this.drain();
      else this.timer ??= setTimeout(() => this.drain(), this.opts.maxWaitMs);
    });
  }

  private drain(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // beyond the bound, what waits goes when a running flush ends (it drains again)
    while (this.pending.length && this.inFlight < (this.opts.maxInFlight ?? Infinity)) this.run();
  }

  private run(): void {
    const batch = this.pending.splice(0, this.opts.maxSize);
    this.inFlight++;
    this.flush(batch.map((b) => b.item))
      .then(
        (results) =>
          batch.forEach((b, i) => {
            const r = results[i];
            if (r instanceof Error) b.reject(r);
            else b.resolve(r);
          }),
        (err: Error) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        this.inFlight--;
        this.drain();
      });
  }
}
