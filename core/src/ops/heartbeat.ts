import type { Redis } from 'ioredis';

/** The bot's login state as it last wrote it to Redis (under the queue prefix, so a hash tag keeps it in one slot). */
export type BotLoginState = 'starting' | 'logged_in' | 'logged_out';

export interface BotHeartbeat {
  state: BotLoginState;
  /** the logged-in account's name, when known */
  user?: string;
  /** when the bot wrote this beat (ISO) */
  at: string;
  pid: number;
}

export interface BotHeartbeatReading {
  /** `unknown`: no beat within its time to live (bot not running, or not reaching Redis) */
  state: BotLoginState | 'unknown';
  user?: string;
  at?: string;
}

export const BOT_HEARTBEAT_TTL_S = 90;

export const botHeartbeatKey = (prefix: string) => `${prefix}:bot:heartbeat`;

export async function writeBotHeartbeat(redis: Redis, prefix: string, beat: BotHeartbeat): Promise<void> {
  await redis.set(botHeartbeatKey(prefix), JSON.stringify(beat), 'EX', BOT_HEARTBEAT_TTL_S);
}

export async function readBotHeartbeat(redis: Redis, prefix: string): Promise<BotHeartbeatReading> {
  const raw = await redis.get(botHeartbeatKey(prefix));
  if (!raw) return { state: 'unknown' };
  try {
    const beat = JSON.parse(raw) as BotHeartbeat;
    return { state: beat.state, ...(beat.user && { user: beat.user }), at: beat.at };
  } catch {
    return { state: 'unknown' };
  }
}
