import type { AuditRepository } from '../db/repositories.js';
import type { Actor } from '../db/types.js';
import { DomainError } from '../errors.js';
import {
  SUBSCRIPTION_KINDS,
  SUBSCRIPTION_KIND_KEYS,
  type SubscriptionKind,
  type SubscriptionTemplates,
} from './rules.js';
import type { SubscriptionStore } from './store.js';

/** WeChat's answers to `requestSubscribeMessage` per template id. */
export const CONSENT_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;
export type ConsentResult = (typeof CONSENT_RESULTS)[number];

export interface SubscriptionTemplateView {
  kind: SubscriptionKind;
  templateId: string;
  title: string;
  /** unused accepted consents the caller holds for it (each allows one message) */
  remaining: number;
}

/** The WeChat user a consent belongs to: the signed-in account and its openid. */
export interface ConsentCaller {
  actor: Actor;
  userId: string;
  openId: string | null;
}

/**
 * Consent per WeChat user per template (issue #19): the mini-program asks (`Taro.requestSubscribeMessage`) at the
 * moments news is expected and posts every answer here. Each `accept` is recorded as one consent and allows one
 * message of that template (WeChat's one-time subscription); `reject`, `ban` and `filter` are recorded and allow
 * nothing. Audited.
 */
export class SubscriptionConsents {
  constructor(
    private readonly store: SubscriptionStore,
    private readonly templates: SubscriptionTemplates,
    private readonly audit: Pick<AuditRepository, 'append'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The configured templates (what the mini-program asks for), with the caller's remaining consents. */
  async list(c: ConsentCaller | null): Promise<SubscriptionTemplateView[]> {
    const open = c?.openId ? await this.store.openConsents(c.openId) : new Map<string, number>();
    return SUBSCRIPTION_KIND_KEYS.flatMap((kind) => {
      const templateId = this.templates[kind];
      return templateId
        ? [{ kind, templateId, title: SUBSCRIPTION_KINDS[kind].title, remaining: open.get(templateId) ?? 0 }]
        : [];
    });
  }

  async record(
    c: ConsentCaller,
    results: { templateId: string; result: ConsentResult }[],
  ): Promise<SubscriptionTemplateView[]> {
    if (!c.openId) throw DomainError.conflict('当前账号未通过微信登录，无法订阅消息');
    const byTemplate = new Map(SUBSCRIPTION_KIND_KEYS.map((k) => [this.templates[k], k] as const));
    const unknown = results.filter((r) => !byTemplate.has(r.templateId)).map((r) => r.templateId);
    if (unknown.length)
      throw DomainError.invalid(
        `results: 模板不存在（${unknown.join('、')}）`,
        unknown.map((t) => `results: 模板不存在 ${t}`),
      );
    const at = this.now();
    await this.store.addConsents(
      results.map((r) => ({
        openId: c.openId!,
        userId: c.userId,
        template: r.templateId,
        kind: byTemplate.get(r.templateId) ?? null,
        result: r.result,
        at,
      })),
    );
    const kinds = (res: string) =>
      results.filter((r) => (r.result === 'accept') === (res === 'accept')).map((r) => byTemplate.get(r.templateId));
    await this.audit.append({
      actor: c.actor,
      action: 'subscription.consented',
      entity: 'subscription',
      entityId: c.userId,
      after: { accepted: kinds('accept'), declined: kinds('other') },
      at,
    });
    return this.list(c);
  }
}
