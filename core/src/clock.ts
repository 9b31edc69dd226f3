/**
 * The one clock api, worker and bot read "now" from. In production it is the system time. A test that runs the real
 * processes moves it: with `HUOBAN_TEST_CLOCK_FILE` set (test-only mode), every process reads its offset from that
 * file (`{"offsetMs": n}`, written by `advanceTestClock`), so one write moves all of them. Refused when
 * `NODE_ENV=production`: the process does not start.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };

export const TEST_CLOCK_ENV = 'HUOBAN_TEST_CLOCK_FILE';

/** A clock whose offset from the system time lives in a file any process of the test may read (read on every call). */
export class FileClock implements Clock {
  constructor(readonly file: string) {}

  now(): Date {
    let offsetMs = 0; // no file yet: the system time
    try {
      offsetMs = Number((JSON.parse(readFileSync(this.file, 'utf8')) as { offsetMs?: unknown }).offsetMs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
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

/** Test support: moves every process reading `file` to `to` (an instant), or by `byMs` from where it is now. */
export function advanceTestClock(file: string, move: { to: Date } | { byMs: number }): Date {
  const current = new FileClock(file).now().getTime();
  const target = 'to' in move ? move.to.getTime() : current + move.byMs;
  writeFileSync(file, JSON.stringify({ offsetMs: target - Date.now() }));
  return new Date(target);
}

/** This process's clock (read once at start-up). */
export const processClock: Clock = clockFromEnv();
