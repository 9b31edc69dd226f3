import { useEffect, useState } from 'react';
import { countdownText } from '@/utils/time';

export interface Countdown {
  /** "剩余 3小时12分05秒" or "已超时 1小时2分" */
  text: string;
  /** Milliseconds to the deadline; negative once it has passed. */
  msLeft: number;
}

/**
 * Live countdown to `dueAt`, re-rendered every second while `running`.
 * `offsetMs` is server clock minus device clock (utils/time clockOffsetMs), so a wrong phone clock does not skew it.
 */
export function useCountdown(dueAt: string, offsetMs: number, running: boolean): Countdown {
  const [now, setNow] = useState(() => Date.now() + offsetMs);

  useEffect(() => {
    setNow(Date.now() + offsetMs);
    if (!running) return undefined;
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(timer);
  }, [offsetMs, running]);

  return { text: countdownText(dueAt, now), msLeft: Date.parse(dueAt) - now };
}
