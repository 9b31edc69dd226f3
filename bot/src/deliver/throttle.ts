/**
 * In-process per-target scheduler: calls for the same target run one at a time and start at least
 * `minIntervalMs` after the previous one finished; different targets do not wait for each other.
 */
export class TargetThrottle {
  private readonly lastDoneAt = new Map<string, number>();
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  run<T>(target: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(target) ?? Promise.resolve();
    const current = previous.then(async () => {
      const last = this.lastDoneAt.get(target);
      if (last !== undefined) {
        const wait = last + this.minIntervalMs - this.now();
        if (wait > 0) await this.sleep(wait);
      }
      try {
        return await fn();
      } finally {
        this.lastDoneAt.set(target, this.now());
      }
    });
    const tail = current.catch(() => undefined);
    this.tails.set(target, tail);
    // forget idle targets' queues (not their last time) so the map of promises does not grow
    void tail.then(() => {
      if (this.tails.get(target) === tail) this.tails.delete(target);
    });
    return current;
  }
}
