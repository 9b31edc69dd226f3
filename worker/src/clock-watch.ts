import { writeFileSync } from 'node:fs';
import { readTestClock, shanghaiDate, shanghaiMidnight, testClockAckFile, type Clock, type Repeat } from '@huoban/core';
import type { Scheduled } from './schedules.js';

const DAY_MS = 86_400_000;
const DAILY = /^(\d{1,2}) (\d{1,2}) \* \* \*$/;

/** The last moment at or before `now` of a daily `m h * * *` schedule in Asia/Shanghai (no DST there). */
export function lastDailyMoment(repeat: Repeat, now: Date): Date {
  const m = 'pattern' in repeat ? DAILY.exec(repeat.pattern) : null;
  if (!m || !('tz' in repeat) || repeat.tz !== 'Asia/Shanghai')
    throw new Error(`the test clock follows daily Asia/Shanghai schedules only, not ${JSON.stringify(repeat)}`);
  const today = shanghaiMidnight(shanghaiDate(now)).getTime() + (Number(m[2]) * 60 + Number(m[1])) * 60_000;
  return new Date(today > now.getTime() ? today - DAY_MS : today);
}

/**
 * Test mode only (`HUOBAN_TEST_CLOCK_FILE`): the worker's schedules follow the test's shifted clock instead of
 * BullMQ's real-time ones. Polled every `everyMs`:
 * - a daily task (`pattern`) runs once when the clock passes its moment, as of that moment (job data `at`; a jump
 *   over several of its moments runs it once, for the last, like a worker catching up after a stop);
 * - a sweeper or recovery (`every`) runs once after each move of the clock file, so due work the move left behind
 *   (delayed jobs wait on real time) is rebuilt from MongoDB at once.
 * The jobs go through their queues as the schedulers' would (one at a time on `schedules`, in the table's order);
 * once they have finished the move is acknowledged in `testClockAckFile(file)` (`waitForTestClock`).
 * The daily schedulers are then not registered with BullMQ (see `startWorker`): each fires only here.
 */
export class TestClockWatch {
  private last: Date;
  private lastMove: string;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly file: string,
    private readonly clock: Clock,
    private readonly entries: Scheduled[],
    private readonly log: (line: string) => void = (l) => console.error(l),
  ) {
    for (const e of entries) if ('pattern' in e.repeat) lastDailyMoment(e.repeat, new Date()); // refuse others now
    this.last = clock.now();
    this.lastMove = readTestClock(file);
  }

  start(everyMs = 100): void {
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One poll: enqueues what the clock made due, waits for it, acknowledges a move. Returns the jobs' ids. */
  async tick(): Promise<string[]> {
    if (this.running) return [];
    this.running = true;
    try {
      const move = readTestClock(this.file);
      const now = this.clock.now();
      const moved = move !== this.lastMove;
      const jobs: { entry: Scheduled; id: string; at?: Date }[] = [];
      for (const entry of this.entries) {
        if ('pattern' in entry.repeat) {
          const moment = lastDailyMoment(entry.repeat, now);
          if (moment > this.last) jobs.push({ entry, id: `clock-${entry.id}-${moment.getTime()}`, at: moment });
        } else if (moved) jobs.push({ entry, id: `clock-${entry.id}-${now.getTime()}` });
      }
      this.last = now;
      this.lastMove = move;
      for (const { entry, id, at } of jobs) {
        const data = { ...(entry.template.data as object), ...(at && { at: at.toISOString() }) };
        await entry.queue.add(entry.template.name, data, { jobId: id });
      }
      for (const j of jobs) await this.finished(j.entry, j.id);
      if (moved) writeFileSync(testClockAckFile(this.file), move);
      return jobs.map((j) => j.id);
    } catch (e) {
      this.log(`[worker] test clock: ${(e as Error).message}`);
      return [];
    } finally {
      this.running = false;
    }
  }

  private async finished(entry: Scheduled, jobId: string): Promise<void> {
    for (;;) {
      const state = await entry.queue.getJobState(jobId);
      if (state === 'failed') this.log(`[worker] test clock: ${jobId} failed`);
      if (state === 'completed' || state === 'failed' || state === 'unknown') return; // unknown: removed on completion
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
