import { formatBeijing } from '../notify/index.js';
import type { NoticeJobData } from '../queues/index.js';
import type { ExitCaseRecord } from './repository.js';
import { exitStepMessage } from '../subscriptions/messages.js';
import type { SubscriptionNotice } from '../subscriptions/outbox.js';
import { EXIT_STAGE_LABEL, EXIT_STATUS_LABEL, EXIT_TRIGGERS, type ExitStage, type ExitAlertKind } from './rules.js';

/** Staff alerts of the exit workflow (FT-17/FT-18). Deterministic ids: each goes out once. */
const notice = (
  noticeId: string,
  c: Pick<ExitCaseRecord, 'id' | 'programmeId'>,
  text: string[],
  kind: NoticeJobData['kind'] = 'generic',
): NoticeJobData => ({
  noticeId,
  kind,
  audience: 'staff',
  ...(c.programmeId && { programmeId: c.programmeId }),
  text: text.join('\n'),
  ref: { entity: 'exit_case', id: c.id },
  createdAt: new Date().toISOString(),
});

const head = (c: ExitCaseRecord) => [
  `伙伴：${c.partnerName}`,
  `退出原因：${EXIT_TRIGGERS[c.trigger].label}（${EXIT_TRIGGERS[c.trigger].rule}）`,
];

export const exitOpenedNotice = (c: ExitCaseRecord): NoticeJobData =>
  c.trigger === 'voluntary'
    ? notice(`exit-${c.id}-filed`, c, [
        '【退出申请】',
        ...head(c),
        `申请说明：${c.reason}`,
        `期望终止日期：${c.desiredEndOn ?? '—'}（最早 ${c.earliestEndOn}）`,
        `启动审批截止：${formatBeijing(c.approvalStartDueAt)}（北京时间）`,
      ])
    : notice(`exit-${c.id}-opened`, c, [
        '【退出预审】',
        ...head(c),
        `依据：${c.reason}`,
        '已自动立案并进入预审，需人工审批，系统不会自行终止合作。',
        `启动审批截止：${formatBeijing(c.approvalStartDueAt)}（北京时间）`,
      ]);

export const exitDeadlineNotice = (
  c: ExitCaseRecord,
  stage: ExitStage,
  kind: ExitAlertKind,
  dueAt: Date,
): NoticeJobData =>
  notice(
    `exit-${c.id}-${stage}-${kind}`,
    c,
    [
      kind === 'warn' ? '【退出时限预警】' : '【退出办理超时】',
      ...head(c),
      `环节：${EXIT_STAGE_LABEL[stage]}`,
      `截止时间：${formatBeijing(dueAt)}（北京时间）`,
      kind === 'warn' ? '今日到期，请尽快办理。' : '已超过办理时限（FT-18），请立即处理。',
    ],
    kind === 'warn' ? 'exit-warning' : 'exit-deadline', // overdue is urgent: never held by quiet hours
  );

export const exitTerminatedNotice = (c: ExitCaseRecord, at: Date): NoticeJobData =>
  notice(`exit-${c.id}-terminated`, c, [
    '【伙伴已退出】',
    ...head(c),
    `终止合作时间：${formatBeijing(at)}（北京时间）`,
    ...(c.trigger === 'major_violation' ? ['已列入不良信用名单（MG-11），并记录风险清退。'] : []),
  ]);

/** FT-18: the partner's 订阅消息 for each step of its exit case (one per case and status). */
export function exitPartnerMessage(c: ExitCaseRecord): SubscriptionNotice {
  const note = {
    requested: `已受理，最早终止日期${c.earliestEndOn}`,
    precheck: '已进入预审',
    approval: '已进入审批',
    approved: c.endOn ? `已批准，终止日期${c.endOn}` : '已批准',
    rejected: c.decisionReason ?? '申请未获批准',
    withdrawn: '申请已撤回',
    terminated: '合作已终止',
  }[c.status];
  return exitStepMessage({
    id: c.id,
    partnerId: c.partnerId,
    status: c.status,
    statusLabel: EXIT_STATUS_LABEL[c.status],
    note,
  });
}
