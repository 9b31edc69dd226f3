import Taro from '@tarojs/taro';
import type { components } from '@huoban/contracts';
import { api } from './request';

/**
 * WeChat 订阅消息 consent (issue #19). WeChat sends a message only to a user who accepted its template, once per
 * accept, and `requestSubscribeMessage` must run inside a tap: so the template ids are loaded ahead
 * (`loadSubscriptions`, on a page's load) and `askConsent` is called first thing in the tap handler, before any
 * await. The answers are posted to the api; a failure never blocks the action. H5 has no subscription messages.
 */
export type SubscriptionTemplate = components['schemas']['SubscriptionTemplate'];
export type SubscriptionKind = SubscriptionTemplate['kind'];

const IS_WEAPP = process.env.TARO_ENV === 'weapp';
let templates: SubscriptionTemplate[] = [];

export async function loadSubscriptions(): Promise<void> {
  if (!IS_WEAPP) return;
  templates = await api.get('/api/v1/subscriptions/templates').catch(() => templates);
}

/** Asks for the kinds' templates (at most three, WeChat's limit) and records the answers; resolves either way. */
export function askConsent(kinds: SubscriptionKind[]): Promise<void> {
  const tmplIds = templates
    .filter((t) => kinds.includes(t.kind))
    .map((t) => t.templateId)
    .slice(0, 3);
  if (!IS_WEAPP || !tmplIds.length) return Promise.resolve();
  return Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)
    .then((res) => {
      const answers = res as unknown as Record<string, string>;
      const results = tmplIds.flatMap((templateId) =>
        ['accept', 'reject', 'ban', 'filter'].includes(answers[templateId])
          ? [{ templateId, result: answers[templateId] as 'accept' }]
          : [],
      );
      if (results.length) return api.post('/api/v1/subscriptions/consents', { body: { results } });
    })
    .then(() => undefined)
    .catch(() => undefined);
}

const ASKED_KEY = 'subscriptions-asked-complaints';

/** On the first opening of 我的投诉: one question, whose confirm tap asks WeChat for the complaint templates. */
export async function askOnFirstComplaints(): Promise<void> {
  if (!IS_WEAPP || Taro.getStorageSync(ASKED_KEY)) return;
  await loadSubscriptions();
  if (!templates.length) return;
  Taro.setStorageSync(ASKED_KEY, '1');
  const { confirm } = await Taro.showModal({
    title: '接收投诉提醒',
    content: '新投诉登记、回复截止前 2 小时和超时时，通过微信服务通知提醒您。',
    confirmText: '接收',
    cancelText: '暂不',
  });
  if (confirm) await askConsent(['complaint-registered', 'complaint-due-soon', 'complaint-breach']);
}
