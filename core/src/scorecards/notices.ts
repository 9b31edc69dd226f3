import { formatBeijing } from '../notify/index.js';
import type { NoticeJobData } from '../queues/index.js';
import type { ScorecardResult } from '../rules/scorecard.js';
import type { AnomalyAlertRecord, RectificationRecord, RenewalReviewRecord } from './types.js';

/** Staff notices of the scorecard rulebook (FT-12, FT-14, FT-15, FT-16); ids are deterministic, so a repeat is a no-op. */

/** `2026H2` → `2026年下半年`. */
export const periodLabel = (period: string) => `${period.slice(0, 4)}年${period.endsWith('H1') ? '上' : '下'}半年`;

const notice = (
  noticeId: string,
  text: string,
  ref: { entity: string; id: string },
  now: Date,
  programmeId?: string,
  kind: NoticeJobData['kind'] = 'generic',
): NoticeJobData => ({
  noticeId,
  kind,
  audience: 'staff',
  ...(programmeId && { programmeId }),
  text,
  ref,
  createdAt: now.toISOString(),
});

export function scorecardClosedNotice(
  s: {
    id: string;
    partnerId: string;
    partnerName: string;
    period: string;
    result: ScorecardResult;
    programmeId?: string;
  },
  now: Date,
): NoticeJobData {
  const r = s.result;
  return notice(
    `scorecard-closed-${s.partnerId}-${s.period}`,
    [
      '【半年度考核结算】',
      `伙伴：${s.partnerName}`,
      `考核期：${periodLabel(s.period)}（${s.period}）`,
      `得分：${r.total} 分`,
      `入网洽谈与技术对接 ${r.onboarding}｜投诉处理效率 ${r.complaintEfficiency}｜升级投诉 ${r.escalated}｜扣分 ${r.deductions}`,
      r.rectificationRequired ? '低于整改线，已自动开立整改（FT-14）。' : '考核结果已冻结。',
    ].join('\n'),
    { entity: 'scorecard_snapshot', id: s.id },
    now,
    s.programmeId,
  );
}

export function rectificationOpenedNotice(c: RectificationRecord, partnerName: string, now: Date): NoticeJobData {
  return notice(
    `rectification-opened-${c.id}`,
    [
      '【整改通知】',
      `伙伴：${partnerName}`,
      `考核期：${periodLabel(c.period)}，得分 ${c.total} 分，低于 ${c.threshold} 分`,
      `请督促伙伴于 ${formatBeijing(c.deadline)}（北京时间）前提交整改方案及佐证材料（FT-14）。`,
    ].join('\n'),
    { entity: 'rectification', id: c.id },
    now,
    c.programmeId,
  );
}

export function rectificationSubmittedNotice(c: RectificationRecord, partnerName: string, now: Date): NoticeJobData {
  return notice(
    `rectification-submitted-${c.id}-${c.submissions.length}`,
    [
      '【整改方案已提交】',
      `伙伴：${partnerName}`,
      `考核期：${periodLabel(c.period)}`,
      '请审核整改方案并给出结论。',
    ].join('\n'),
    { entity: 'rectification', id: c.id },
    now,
    c.programmeId,
  );
}

export function rectificationDecidedNotice(c: RectificationRecord, partnerName: string, now: Date): NoticeJobData {
  const passed = c.status === 'passed';
  return notice(
    `rectification-decided-${c.id}`,
    [
      '【整改结论】',
      `伙伴：${partnerName}`,
      `考核期：${periodLabel(c.period)}`,
      `结论：${passed ? '整改通过' : '整改未通过'}`,
      `理由：${c.decision?.reason ?? ''}`,
      ...(passed ? [] : ['已记录终止合作建议，待退出流程处理（FT-14）。']),
    ].join('\n'),
    { entity: 'rectification', id: c.id },
    now,
    c.programmeId,
  );
}

export function anomalyNotice(a: AnomalyAlertRecord, partnerName: string, now: Date): NoticeJobData {
  const avg = a.previous4Weeks.reduce((x, y) => x + y, 0) / a.previous4Weeks.length;
  return notice(
    `anomaly-${a.partnerId}-${a.day}`,
    [
      '【投诉异常预警】',
      `伙伴：${partnerName}`,
      `近7日投诉 ${a.last7Days} 宗；此前4周每周 ${a.previous4Weeks.join('/')} 宗（周均 ${Math.round(avg * 100) / 100}）`,
      `超过周均的 ${a.factor} 倍（FT-15）。请核实，必要时暂停合作。`,
    ].join('\n'),
    { entity: 'scorecard_anomaly', id: a.id },
    now,
    a.programmeId,
  );
}

export function partnerStatusNotice(
  p: { id: string; name: string; programmeId?: string },
  suspended: boolean,
  reason: string,
  auditKey: string,
  now: Date,
): NoticeJobData {
  return notice(
    `partner-${suspended ? 'suspended' : 'resumed'}-${p.id}-${auditKey}`,
    [
      suspended ? '【暂停合作】' : '【恢复合作】',
      `伙伴：${p.name}`,
      `原因：${reason}`,
      ...(suspended ? ['待核实并完成质量整改后方可恢复（FT-15）。'] : []),
    ].join('\n'),
    { entity: 'partner', id: p.id },
    now,
    p.programmeId,
    suspended ? 'partner-suspended' : 'generic',
  );
}

export function renewalNotice(r: RenewalReviewRecord, partnerName: string, now: Date): NoticeJobData {
  return notice(
    `renewal-${r.id}`,
    [
      '【续约评审】',
      `伙伴：${partnerName}`,
      `合同到期日：${r.endsAt}`,
      `半年度考核平均分：${r.average === null ? '无' : Math.floor(r.average * 100) / 100}（${r.scores.length} 期）`,
      `建议：${r.renew ? '续约' : '不续约'}`,
      ...r.reasons.map((x) => `· ${x}`),
      '请在到期前作出续约决定（FT-16）。',
    ].join('\n'),
    { entity: 'renewal_review', id: r.id },
    now,
    r.programmeId,
  );
}

export function renewalDecidedNotice(r: RenewalReviewRecord, partnerName: string, now: Date): NoticeJobData {
  return notice(
    `renewal-decided-${r.id}`,
    [
      '【续约决定】',
      `伙伴：${partnerName}`,
      `合同到期日：${r.endsAt}`,
      `决定：${r.decision?.decision === 'renew' ? '续约' : '到期终止合作'}`,
      `理由：${r.decision?.reason ?? ''}`,
    ].join('\n'),
    { entity: 'renewal_review', id: r.id },
    now,
    r.programmeId,
  );
}
