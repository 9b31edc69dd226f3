import { SYSTEM_ACTOR } from '../db/types.js';
import type { MetricsImportService } from './import.service.js';
import type { MetricsImportRecord } from './store.js';
import type { MetricsImportWake } from './wake.js';

/**
 * Applies accepted monthly metrics imports (issue #3 item 7) one job at a time: the job `metrics-import-<id>` is
 * only a wake-up, the import document holds the truth and its progress, so a retried or re-sent job continues
 * where the last run stopped. At start the worker re-sends the wake-ups of imports a restart interrupted.
 */
export class MetricsImportHandler {
  constructor(
    private readonly imports: MetricsImportService,
    private readonly wake: MetricsImportWake,
    private readonly log: (message: string) => void = (m) => console.log(m),
  ) {}

  apply(importId: string): Promise<MetricsImportRecord | null> {
    return this.imports.apply(importId);
  }

  private readonly resumed = new Set<string>();

  /**
   * Marks failed the uploads that stopped while storing, and wakes itself for each committed import not yet applied
   * (a wake-up already queued or running is left alone). Runs at start and periodically.
   */
  async recover(): Promise<number> {
    const open = await this.imports.recover(SYSTEM_ACTOR);
    for (const id of open) await this.wake(id);
    const fresh = open.filter((id) => !this.resumed.has(id));
    this.resumed.clear();
    for (const id of open) this.resumed.add(id);
    if (fresh.length) this.log(`[metrics-import] resuming ${fresh.length} import(s)`);
    return open.length;
  }
}
