import { ConfigError, coreConfig, type CoreConfig } from '@huoban/core';

export { ConfigError };

export const MOCK_PUPPET = 'wechaty-puppet-mock';

export interface BotConfig extends CoreConfig {
  /** WECHATY_PUPPET: npm name of the puppet (the mock puppet locally) */
  puppet: string;
  /** WECHATY_PUPPET_SERVICE_TOKEN: token for wechaty-puppet-service */
  puppetToken?: string;
  /** HUOBAN_BOT_ROOMS: room topics that receive staff notices and may ask commands */
  rooms: string[];
  /** HUOBAN_BOT_CONTACTS: contact names that receive staff notices and may ask commands by DM */
  contacts: string[];
  /** HUOBAN_BOT_THROTTLE_MS: minimum interval between two posts to the same room or contact */
  throttleMs: number;
  /** HUOBAN_BOT_MAX_PER_MINUTE: messages per room or contact per minute (default 20, WeCom group robots' limit) */
  maxPerMinute: number;
  /** HUOBAN_BOT_DIGEST_AFTER: digest threshold for notices whose programme sets none (default 5 within a minute) */
  digestAfter: number;
  /** HUOBAN_API_URL: base URL of the api (without /api/v1) */
  apiUrl: string;
  /** HUOBAN_SERVICE_KEY: sent as `x-service-key` to the api */
  serviceKey?: string;
}

const list = (value: string | undefined, fallback: string[]): string[] =>
  value === undefined
    ? fallback
    : value
        .split(/[,，]/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);

const blankToUndefined = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/** Reads and validates the bot's environment; throws ConfigError with every problem found. */
export function botConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const problems: string[] = [];

  const puppet = blankToUndefined(env.WECHATY_PUPPET) ?? MOCK_PUPPET;
  const puppetToken = blankToUndefined(env.WECHATY_PUPPET_SERVICE_TOKEN);
  if (puppet === 'wechaty-puppet-service' && !puppetToken) {
    problems.push('WECHATY_PUPPET_SERVICE_TOKEN is required for wechaty-puppet-service');
  }

  const rooms = list(env.HUOBAN_BOT_ROOMS, ['伙伴运营值班群']);
  const contacts = list(env.HUOBAN_BOT_CONTACTS, []);
  if (rooms.length === 0 && contacts.length === 0) {
    problems.push('HUOBAN_BOT_ROOMS and HUOBAN_BOT_CONTACTS are both empty: notices would have nowhere to go');
  }

  const throttleRaw = blankToUndefined(env.HUOBAN_BOT_THROTTLE_MS) ?? '1000';
  const throttleMs = Number(throttleRaw);
  if (!Number.isInteger(throttleMs) || throttleMs < 0) {
    problems.push(`HUOBAN_BOT_THROTTLE_MS must be a non-negative integer (got "${throttleRaw}")`);
  }

  const positive = (name: string, fallback: number) => {
    const raw = blankToUndefined(env[name]) ?? String(fallback);
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 1) problems.push(`${name} must be a positive integer (got "${raw}")`);
    return v;
  };
  const maxPerMinute = positive('HUOBAN_BOT_MAX_PER_MINUTE', 20);
  const digestAfter = positive('HUOBAN_BOT_DIGEST_AFTER', 5);

  const apiUrl = (blankToUndefined(env.HUOBAN_API_URL) ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  try {
    const u = new URL(apiUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    problems.push(`HUOBAN_API_URL must be an http(s) URL (got "${apiUrl}")`);
  }

  const serviceKey = blankToUndefined(env.HUOBAN_SERVICE_KEY);

  // HUOBAN_PUBLIC_URL (links in 招募 replies) and the other shared settings: core's one reading
  const core = coreConfig(env, problems);
  if (problems.length > 0) {
    throw new ConfigError(`invalid bot configuration:\n- ${problems.join('\n- ')}`);
  }
  return {
    ...core,
    puppet,
    puppetToken,
    rooms,
    contacts,
    throttleMs,
    maxPerMinute,
    digestAfter,
    apiUrl,
    serviceKey,
  };
}
