import { coreEnv, subscriptionTemplates, type CoreEnv, type SubscriptionTemplates } from '@huoban/core';

export interface ApiConfig extends CoreEnv {
  port: number;
  /** HUOBAN_API_HOST: the address the api binds (127.0.0.1; compose and the image set 0.0.0.0) */
  host: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  adminUser?: string;
  adminPassword?: string;
  serviceKey?: string;
  corsOrigins: string[];
  devLogin: boolean;
  seedDemo: boolean;
  bodyLimit: string;
  /** how long a request waits for an unreachable database before it answers 503 (ms) */
  dbTimeoutMs: number;
  /** how long a request waits for Redis before it gives up on the queue (ms; MongoDB keeps the truth) */
  redisTimeoutMs: number;
  /** login attempts per minute: per account (username / partner code) and per client IP */
  loginLimit: { account: number; ip: number };
  /** HUOBAN_PUBLIC_URL: the H5 app's public origin (no trailing slash); every absolute public URL is built on it */
  publicUrl: string;
  /** HUOBAN_PUBLIC_POST_LIMIT_IP: public (no-login) writes per minute per client IP (objections) */
  publicPostLimitIp: number;
  /** express `trust proxy` (behind nginx: `1`), so the login throttle sees the client's IP, not the proxy's */
  trustProxy?: string;
  wechat: { apiBase: string; appId?: string; secret?: string };
  /** HUOBAN_WECHAT_TMPL_<KIND>: the 订阅消息 template id of each message kind (core/src/subscriptions) */
  subscriptionTemplates: SubscriptionTemplates;
  /** HUOBAN_METRICS_TOKEN: bearer token for `/api/v1/ops/metrics` (admins' tokens work too) */
  metricsToken?: string;
  /** HUOBAN_LOG_LEVEL: pino level of the JSON logs (info) */
  logLevel: string;
}

const bool = (v: string | undefined) => v === 'true' || v === '1';

/** Reads and validates the api's environment; throws one error listing every problem. */
export function apiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('PORT must be a TCP port number');
  const jwtSecret = env.HUOBAN_JWT_SECRET ?? '';
  if (jwtSecret.length < 16) problems.push('HUOBAN_JWT_SECRET must be set (at least 16 characters)');
  const jwtTtlSeconds = Number(env.HUOBAN_JWT_TTL_SECONDS ?? 12 * 3600);
  if (!Number.isInteger(jwtTtlSeconds) || jwtTtlSeconds < 60)
    problems.push('HUOBAN_JWT_TTL_SECONDS must be an integer ≥ 60');
  if (env.HUOBAN_ADMIN_USER && (env.HUOBAN_ADMIN_PASSWORD ?? '').length < 8)
    problems.push('HUOBAN_ADMIN_PASSWORD must be at least 8 characters when HUOBAN_ADMIN_USER is set');
  if (env.HUOBAN_SERVICE_KEY !== undefined && env.HUOBAN_SERVICE_KEY.length < 16)
    problems.push('HUOBAN_SERVICE_KEY must be at least 16 characters');
  const dbTimeoutMs = Number(env.HUOBAN_API_DB_TIMEOUT_MS ?? 2500);
  if (!Number.isInteger(dbTimeoutMs) || dbTimeoutMs < 100 || dbTimeoutMs > 30_000)
    problems.push('HUOBAN_API_DB_TIMEOUT_MS must be an integer between 100 and 30000');
  const redisTimeoutMs = Number(env.HUOBAN_API_REDIS_TIMEOUT_MS ?? 1500);
  if (!Number.isInteger(redisTimeoutMs) || redisTimeoutMs < 100 || redisTimeoutMs > 30_000)
    problems.push('HUOBAN_API_REDIS_TIMEOUT_MS must be an integer between 100 and 30000');
  if (env.HUOBAN_METRICS_TOKEN && env.HUOBAN_METRICS_TOKEN.length < 16)
    problems.push('HUOBAN_METRICS_TOKEN must be at least 16 characters');
  const loginLimit = {
    account: Number(env.HUOBAN_LOGIN_LIMIT_ACCOUNT ?? 10),
    ip: Number(env.HUOBAN_LOGIN_LIMIT_IP ?? 30),
  };
  if (!Object.values(loginLimit).every((n) => Number.isInteger(n) && n >= 1))
    problems.push('HUOBAN_LOGIN_LIMIT_ACCOUNT and HUOBAN_LOGIN_LIMIT_IP must be integers ≥ 1');
  const publicUrl = (env.HUOBAN_PUBLIC_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(publicUrl)) problems.push('HUOBAN_PUBLIC_URL must be an http(s) URL');
  const publicPostLimitIp = Number(env.HUOBAN_PUBLIC_POST_LIMIT_IP ?? 20);
  if (!Number.isInteger(publicPostLimitIp) || publicPostLimitIp < 1)
    problems.push('HUOBAN_PUBLIC_POST_LIMIT_IP must be an integer ≥ 1');
  // issue #20: dev login (sign in as any partner or applicant) cannot reach production
  if (bool(env.HUOBAN_DEV_LOGIN) && env.NODE_ENV === 'production')
    problems.push('HUOBAN_DEV_LOGIN must not be set when NODE_ENV=production (development sign-in as any partner)');
  if (problems.length) throw new Error(`Invalid api configuration:\n - ${problems.join('\n - ')}`);
  return {
    ...coreEnv(env),
    port,
    host: env.HUOBAN_API_HOST || '127.0.0.1',
    jwtSecret,
    jwtTtlSeconds,
    adminUser: env.HUOBAN_ADMIN_USER || undefined,
    adminPassword: env.HUOBAN_ADMIN_PASSWORD || undefined,
    serviceKey: env.HUOBAN_SERVICE_KEY || undefined,
    corsOrigins: (env.HUOBAN_CORS_ORIGINS ?? 'http://127.0.0.1:8080,http://localhost:8080')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    devLogin: bool(env.HUOBAN_DEV_LOGIN),
    seedDemo: bool(env.HUOBAN_SEED_DEMO),
    bodyLimit: env.HUOBAN_BODY_LIMIT ?? '100kb',
    dbTimeoutMs,
    redisTimeoutMs,
    loginLimit,
    publicPostLimitIp,
    publicUrl,
    trustProxy: env.HUOBAN_TRUST_PROXY || undefined,
    wechat: {
      apiBase: env.HUOBAN_WECHAT_API_BASE ?? 'https://api.weixin.qq.com',
      appId: env.HUOBAN_WECHAT_APPID || undefined,
      secret: env.HUOBAN_WECHAT_SECRET || undefined,
    },
    subscriptionTemplates: subscriptionTemplates(env),
    metricsToken: env.HUOBAN_METRICS_TOKEN || undefined,
    logLevel: env.HUOBAN_LOG_LEVEL || 'info',
  };
}

export const API_CONFIG = Symbol('API_CONFIG');
