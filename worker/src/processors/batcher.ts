/**
 * Collects items submitted within a short window and hands them to `flush` together; each submitter gets
 * its own result (or error). With many jobs due at the same instant this turns N writes into a few.
 */
export class Batcher<T, R> {
  private pending: { item: T; resolve: (r: R) => void; reject: (e: Error) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly flush: (items: T[]) => Promise<(R | Error)[]>,
    private readonly opts: { maxSize: number; maxWaitMs: number },
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
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    this.flush(batch.map((b) => b.item)).then(
      (results) =>
        batch.forEach((b, i) => {
          const r = results[i];
          if (r instanceof Error) b.reject(r);
          else b.resolve(r);
        }),
      (err: Error) => batch.forEach((b) => b.reject(err)),
    );
  }
}
