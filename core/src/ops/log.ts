import { format } from 'node:util';
import { pino, type Logger, type LoggerOptions } from 'pino';
import { processConfig } from '../config.js';
import { maskPersonalData } from '../validation/privacy.js';

/**
 * Structured JSON logs (pino) for api, worker and bot: one JSON object per line on stdout with `time` (ISO),
 * `level`, `service`, `msg`, and `reqId` / `jobId` where there is one. Personal data is redacted twice:
 * by path (headers and fields that carry secrets or personal data) and in every message text (mainland mobile
 * numbers and resident id numbers are masked).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-service-key"]',
  'req.headers["x-metrics-token"]',
  'res.headers["set-cookie"]',
  ...['password', 'passwordHash', 'token', 'accessToken', 'secret', 'serviceKey', 'authorization'].flatMap((k) => [
    k,
    `*.${k}`,
  ]),
  ...['phone', 'mobile', 'contactPhone', 'idNumber', 'idCard', 'legalPersonId', 'openId'].flatMap((k) => [k, `*.${k}`]),
];

const BEARER = /(Bearer\s+)[\w.~+/=-]+/gi;

/**
 * Masks mobile numbers (138****8000) and resident id numbers (1101**********123X) with the one masking function of
 * api answers (maskPersonalData, one format), and bearer tokens, in text.
 */
export function redactText(text: string): string {
  return maskPersonalData(text).replace(BEARER, '$1[redacted]');
}

export function createLogger(
  service: string,
  opts: { level?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? processConfig().logLevel,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/**
 * Sends `console.log/info/warn/error` of this process through `logger`, so every existing log line becomes a
 * JSON object too. Lines of the form `[svc] text` keep the text only (the logger names the service).
 */
export function routeConsoleToLogger(logger: Logger): void {
  const line = (args: unknown[]) => format(...args).replace(/^\[(api|worker|bot)\] /, '');
  console.log = (...args: unknown[]) => logger.info(line(args));
  console.info = (...args: unknown[]) => logger.info(line(args));
  console.warn = (...args: unknown[]) => logger.warn(line(args));
  console.error = (...args: unknown[]) => logger.error(line(args));
}
