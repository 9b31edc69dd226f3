const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-23 19:00` in Beijing time (UTC+8, no DST). */
export function formatBeijing(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `2小时05分` from milliseconds (rounded down to the minute). */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h}小时${pad(minutes % 60)}分` : `${minutes}分钟`;
}
