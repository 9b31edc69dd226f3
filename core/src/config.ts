import { parseQuietHoursSetting } from './alerts/rules.js';
import type { QuietHours } from './calendar/index.js';
import { WECOM_API_BASE, WECOM_PER_MINUTE } from './notify/wecom/rules.js';
import { subscriptionTemplates, type SubscriptionTemplates } from './subscriptions/rules.js';

/** Environment shared by every process. Each app validates and documents its own extras (README, Configuration). */
export interface CoreEnv {
  mongoUrl: string;
  redisUrl: string;
  /** BullMQ key prefix; tests use their own to stay apart */
  queuePrefix: string;
}

export function coreEnv(env: NodeJS.ProcessEnv = process.env): CoreEnv {
  return {
    mongoUrl: env.HUOBAN_MONGO_URL ?? 'mongodb://127.0.0.1:27018/huoban',
    redisUrl: env.HUOBAN_REDIS_URL ?? 'redis://127.0.0.1:6380',
    queuePrefix: env.HUOBAN_QUEUE_PREFIX ?? 'huoban',
  };
}

/** The settings api, worker and bot share, validated once (`coreConfig`); each app's config extends it. */
export interface CoreConfig extends CoreEnv {
  /** HUOBAN_PUBLIC_URL: the H5 app's public origin (no trailing slash); every absolute public URL is built on it */
  publicUrl: string;
  /** HUOBAN_WECHAT_*: the mini-program's credentials (login, 订阅消息); none → recorded only */
  wechat: { apiBase: string; appId?: string; secret?: string };
  /** HUOBAN_WECHAT_TMPL_<KIND>: the 订阅消息 template id of each message kind (core/src/subscriptions) */
  subscriptionTemplates: SubscriptionTemplates;
  /**
   * HUOBAN_WECOM_API_BASE: where WeCom's webhooks are (tests: the local fake); HUOBAN_WECOM_MAX_PER_MINUTE: messages
   * per robot per minute across replicas (WeCom allows 20)
   */
  wecom: { apiBase: string; perMinute: number };
  /** HUOBAN_LOG_LEVEL: pino level of the JSON logs (info) */
  logLevel: string;
  /** HUOBAN_ALERT_QUIET_HOURS: quiet hours of programmes without alert settings (none) */
  alertQuietHours: QuietHours | null;
  /** HUOBAN_PDF_FONT / HUOBAN_PDF_FONT_FACE: the CJK font of the letter PDF (default: the first installed) */
  pdfFont?: [string, string];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Throws one ConfigError listing every problem, headed by what was being read. */
export function refuseConfig(what: string, problems: string[]): void {
  if (problems.length) throw new ConfigError(`invalid ${what} configuration:\n - ${problems.join('\n - ')}`);
}

/**
 * Reads and validates the shared settings; `problems` collects what is wrong (the app adds its own and throws
 * once). Without `problems` it throws at once.
 */
export function coreConfig(env: NodeJS.ProcessEnv = process.env, problems?: string[]): CoreConfig {
  const found: string[] = problems ?? [];
  const publicUrl = (env.HUOBAN_PUBLIC_URL?.trim() || 'http://127.0.0.1:8080').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(publicUrl)) found.push('HUOBAN_PUBLIC_URL must be an http(s) URL');
  let alertQuietHours: QuietHours | null = null;
  try {
    alertQuietHours = parseQuietHoursSetting(env.HUOBAN_ALERT_QUIET_HOURS);
  } catch (e) {
    found.push((e as Error).message);
  }
  const perMinute = Number(env.HUOBAN_WECOM_MAX_PER_MINUTE ?? WECOM_PER_MINUTE);
  if (!Number.isInteger(perMinute) || perMinute < 1 || perMinute > WECOM_PER_MINUTE)
    found.push(`HUOBAN_WECOM_MAX_PER_MINUTE must be an integer 1–${WECOM_PER_MINUTE}`);
  if (!problems) refuseConfig('core', found);
  return {
    ...coreEnv(env),
    publicUrl,
    wechat: {
      apiBase: env.HUOBAN_WECHAT_API_BASE ?? 'https://api.weixin.qq.com',
      appId: env.HUOBAN_WECHAT_APPID || undefined,
      secret: env.HUOBAN_WECHAT_SECRET || undefined,
    },
    subscriptionTemplates: subscriptionTemplates(env),
    wecom: { apiBase: env.HUOBAN_WECOM_API_BASE || WECOM_API_BASE, perMinute },
    logLevel: env.HUOBAN_LOG_LEVEL || 'info',
    alertQuietHours,
    ...(env.HUOBAN_PDF_FONT && { pdfFont: [env.HUOBAN_PDF_FONT, env.HUOBAN_PDF_FONT_FACE ?? ''] }),
  };
}

let read: CoreConfig | undefined;
/** This process's shared settings, read from its environment once (the defaults of adapters built without one). */
export function processConfig(): CoreConfig {
  return (read ??= coreConfig());
}
