/**
 * The one clock api, worker and bot read "now" from. In production it is the system time. A test that runs the real
 * processes moves it: with `HUOBAN_TEST_CLOCK_FILE` set (test-only mode), every process reads its offset from that
 * file (`{"offsetMs": n}`, written by `advanceTestClock`), so one write moves all of them. Refused when
 * `NODE_ENV=production`: the process does not start.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };

export const TEST_CLOCK_ENV = 'HUOBAN_TEST_CLOCK_FILE';

/** A clock whose offset from the system time lives in a file any process of the test may read (read on every call). */
export class FileClock implements Clock {
  constructor(readonly file: string) {}

  now(): Date {
    const raw = readTestClock(this.file); // no file yet: the system time
    const offsetMs = raw ? Number((JSON.parse(raw) as { offsetMs?: unknown }).offsetMs) : 0;
    if (!Number.isFinite(offsetMs)) throw new Error(`${this.file}: offsetMs must be a number`);
    return new Date(Date.now() + offsetMs);
  }
}

/** The process's clock from its environment; throws when the test clock is asked for in production. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const file = env[TEST_CLOCK_ENV];
  if (!file) return SYSTEM_CLOCK;
  if (env.NODE_ENV === 'production')
    throw new Error(`${TEST_CLOCK_ENV} is a test-only setting and is refused when NODE_ENV=production`);
  return new FileClock(file);
}

/** The test clock file's content (`''` before the first move): what a move changes and an acknowledgement names. */
export function readTestClock(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/**
 * Where the worker acknowledges a move of the test clock: the clock file's content it saw, written once the
 * scheduled tasks the move made due have run (see worker/src/clock-watch.ts).
 */
export const testClockAckFile = (file: string): string => `${file}.ack`;

/** Test support: resolves once the worker has run what the last move of the clock in `file` made due. */
export async function waitForTestClock(file: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const moved = readTestClock(file);
  while (readTestClock(testClockAckFile(file)) !== moved) {
    if (Date.now() > until)
      throw new Error(`the worker did not acknowledge the clock move ${moved} in ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Test support: moves every process reading `file` to `to` (an instant), or by `byMs` from where it is now. */
export function advanceTestClock(file: string, move: { to: Date } | { byMs: number }): Date {
  const current = new FileClock(file).now().getTime();
  const target = 'to' in move ? move.to.getTime() : current + move.byMs;
  // written aside then renamed: a process reading meanwhile sees the old move or the new one, never half of it
  writeFileSync(`${file}.tmp`, JSON.stringify({ offsetMs: target - Date.now() }));
  renameSync(`${file}.tmp`, file);
  return new Date(target);
}

/** This process's clock (read once at start-up). */
export const processClock: Clock = clockFromEnv();
