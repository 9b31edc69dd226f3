// Pure time formatting. All wall-clock text is Beijing time (Asia/Shanghai: fixed UTC+8, no DST since 1991),
// computed by offset arithmetic so it does not depend on the device's time zone or Intl support.

export const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

export interface BeijingParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm */
  time: string;
  /** ss */
  seconds: string;
}

function toMs(instant: string | number | Date): number {
  return typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
}

/** Beijing calendar date and clock time of an instant. */
export function beijingParts(instant: string | number | Date): BeijingParts {
  const d = new Date(toMs(instant) + BEIJING_OFFSET_MS);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    seconds: pad(d.getUTCSeconds()),
  };
}

/** "2026-11-23 11:00" in Beijing time; "—" for a missing or invalid instant. */
export function formatBeijing(instant: string | number | Date | null | undefined): string {
  if (instant === null || instant === undefined || instant === '') return '—';
  if (Number.isNaN(toMs(instant))) return '—';
  const p = beijingParts(instant);
  return `${p.date} ${p.time}`;
}

/** Beijing date "YYYY-MM-DD" + time "HH:mm" → ISO UTC instant ("2026-11-22T14:00:00.000Z"); null if malformed. */
export function beijingToIso(date: string, time: string): string | null {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dm || !tm) return null;
  const [y, mo, d] = [Number(dm[1]), Number(dm[2]), Number(dm[3])];
  const [h, mi] = [Number(tm[1]), Number(tm[2])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi) - BEIJING_OFFSET_MS;
  // Reject dates that rolled over (e.g. 02-31).
  if (beijingParts(ms).date !== date) return null;
  return new Date(ms).toISOString();
}

/** Duration text: "1天2小时03分04秒", "3小时12分05秒", "5分09秒"; without seconds "1小时2分", "5分". */
export function formatDuration(ms: number, withSeconds: boolean): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  let text = '';
  if (days) text += `${days}天`;
  if (days || hours) text += `${hours}小时`;
  if (withSeconds) return `${text}${text ? pad(minutes) : minutes}分${pad(seconds)}秒`;
  return `${text}${minutes}分`;
}

/**
 * Live countdown text to a deadline: "剩余 3小时12分05秒" before it, "已超时 1小时2分" after it
 * ("已超时 不足1分" in the first minute). The remaining time is rounded up to whole seconds,
 * so the text reads "剩余 0分01秒" until the very instant of the deadline.
 */
export function countdownText(dueAt: string | number | Date, nowMs: number): string {
  const left = toMs(dueAt) - nowMs;
  if (left > 0) return `剩余 ${formatDuration(Math.ceil(left / 1000) * 1000, true)}`;
  const over = -left;
  return over < 60_000 ? '已超时 不足1分' : `已超时 ${formatDuration(over, false)}`;
}

/** Server clock minus device clock, from a response's `serverNow` taken at device time `deviceNowMs`. */
export function clockOffsetMs(serverNow: string | undefined, deviceNowMs: number): number {
  const server = serverNow ? Date.parse(serverNow) : NaN;
  return Number.isNaN(server) ? 0 : server - deviceNowMs;
}
