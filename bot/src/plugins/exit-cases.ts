import type { components } from '@huoban/contracts';
import { formatBeijing, processClock } from '@huoban/core';
import type { WechatyPlugin } from 'wechaty';
import type { StaffAudience } from '../deliver/targets.js';
import { botApiClient, type ApiClientConfig } from '../api-client.js';
import { isCommandText, textCommandPlugin } from './command.js';
import { askedByStaff } from './due-today.js';

export const EXIT_COMMAND = '退出';
export const NO_OPEN_EXITS = '当前没有进行中的退出申请。';
export const EXIT_QUERY_FAILED = '查询退出申请失败，请稍后再试。';

/**
 * The fields of an exit case the `退出` command shows (from `GET /api/v1/exit/cases`), picked from the type
 * generated from the api's OpenAPI document (`@huoban/contracts`, types only).
 */
type ApiExitCase = components['schemas']['ExitCase'];
export type ExitCaseLine = Pick<ApiExitCase, 'id' | 'partnerName' | 'triggerLabel' | 'statusLabel'> & {
  nextDue: Pick<NonNullable<ApiExitCase['nextDue']>, 'label' | 'dueAt'> | null;
};

export interface ExitCasesConfig extends StaffAudience {
  fetchOpenExits: () => Promise<ExitCaseLine[]>;
  maxAgeSeconds?: number;
  log?: (line: string) => void;
  now?: () => Date;
}

/** `退出`, optionally after @-mentions (WeChat separates them with U+2005). */
export function isExitCommand(text: string): boolean {
  return isCommandText(text, EXIT_COMMAND);
}

/** The reply to `退出`: one line per open case, the earliest next due date first; overdue ones flagged. */
export function formatOpenExits(items: ExitCaseLine[], now: Date): string {
  if (items.length === 0) return NO_OPEN_EXITS;
  const due = (c: ExitCaseLine) => (c.nextDue ? Date.parse(c.nextDue.dueAt) : Number.MAX_SAFE_INTEGER);
  const lines = [...items]
    .sort((a, b) => due(a) - due(b))
    .map((c, i) => {
      const next = c.nextDue
        ? `${c.nextDue.label}截止 ${formatBeijing(new Date(c.nextDue.dueAt))}${Date.parse(c.nextDue.dueAt) < now.getTime() ? '（已超时）' : ''}`
        : '无待办时限';
      return `${i + 1}. ${c.partnerName}｜${c.triggerLabel}｜${c.statusLabel}｜${next}`;
    });
  return [`进行中的退出申请（${items.length}件，北京时间）：`, ...lines].join('\n');
}

export function httpFetchOpenExits(cfg: ApiClientConfig): () => Promise<ExitCaseLine[]> {
  const api = botApiClient(cfg);
  return async () => {
    const body: Partial<components['schemas']['ExitCaseList']> = await api.get('/api/v1/exit/cases');
    if (!Array.isArray(body.items)) throw new Error('exit cases: api answer has no items');
    return body.items;
  };
}

/** Staff command `退出`: lists open exit cases with their next due date (FT-18). */
export function ExitCases(config: ExitCasesConfig): WechatyPlugin {
  const now = config.now ?? (() => processClock.now());
  return textCommandPlugin(config, {
    name: EXIT_COMMAND,
    asks: async (message) => isExitCommand(message.text()) && (await askedByStaff(message, config)),
    answer: async () => formatOpenExits(await config.fetchOpenExits(), now()),
    failed: EXIT_QUERY_FAILED,
  });
}
