import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { SmallButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty, Loading, Row } from '@/components/ListState';
import { ReasonBox, useReason } from '@/components/ReasonBox';
import { useStaffQueue } from '@/hooks/useStaffQueue';
import { decideRectification, listStaffRectifications } from '@/services/rectifications';
import type { RectificationStatus, StaffRectification } from '@/services/types';
import { label, RECTIFICATION_STATUS_LABEL } from '@/utils/labels';
import { formatScore, latestSubmission, periodName } from '@/utils/score';
import { rectificationChoices } from '@/utils/staff';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

type Filter = RectificationStatus | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'submitted', label: '待审核' },
  { value: 'open', label: '待伙伴提交' },
  { value: 'passed', label: '已通过' },
  { value: 'failed', label: '未通过' },
  { value: 'all', label: '全部' },
];
const STATUS_TAG: Record<RectificationStatus, string> = {
  open: 'tag tag--warn',
  submitted: 'tag tag--replied',
  passed: 'tag tag--ok',
  failed: 'tag tag--danger',
};

function CaseCard({
  c,
  onDecided,
  onError,
}: {
  c: StaffRectification;
  onDecided: () => void;
  onError: (err: unknown) => void;
}) {
  const reason = useReason('审核意见');
  const [busy, setBusy] = useState(false);
  const choices = rectificationChoices(c, Date.now());
  const last = latestSubmission(c);

  async function decide(decision: 'pass' | 'fail') {
    const text = reason.check();
    if (text === null || busy) return;
    const { confirm } = await Taro.showModal({
      title: '确认审核结论',
      content:
        decision === 'pass' ? `${c.partnerName}：整改通过？` : `${c.partnerName}：整改不通过？将记录为建议终止合作。`,
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await decideRectification(c.id, decision, text);
      void Taro.showToast({ title: '已审核', icon: 'success' });
      onDecided();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View id={`rect-${c.id}`} className="card">
      <View className="staff__head">
        <Text className="staff__name">{c.partnerName}</Text>
        <Text className={STATUS_TAG[c.status]}>{label(RECTIFICATION_STATUS_LABEL, c.status)}</Text>
      </View>
      <Row name="考核期">
        {periodName(c.period)}，{formatScore(c.total)} 分（整改线 {formatScore(c.threshold ?? 60)} 分）
      </Row>
      <Row name="整改期限">
        {formatBeijing(c.deadline)}
        {c.deadlineProvisional ? '（暂定）' : ''}
        {c.overdue ? '，已逾期' : ''}
      </Row>
      {last ? (
        <View className="staff__quote">
          <View className="hint">
            整改方案（第 {c.submissions?.length ?? 1} 次提交，{formatBeijing(last.at)}
            {last.afterDeadline ? '，逾期提交' : ''}）
          </View>
          <View className="staff__text">{last.plan}</View>
          {last.evidence.map((e, i) => (
            <View key={i} className="staff__text">
              佐证 {i + 1}：{e}
            </View>
          ))}
        </View>
      ) : (
        <View className="hint">伙伴尚未提交整改方案</View>
      )}
      {c.decision && (
        <View className="staff__text">
          审核结论：{c.decision.result === 'pass' ? '通过' : '不通过'}，{c.decision.reason}（
          {formatBeijing(c.decision.at)}）
        </View>
      )}
      {(choices.pass || choices.fail) && (
        <ReasonBox id={`rect-reason-${c.id}`} placeholder="审核意见（伙伴可见）" reason={reason}>
          {choices.pass && (
            <SmallButton id={`rect-pass-${c.id}`} tone="primary" disabled={busy} onClick={() => void decide('pass')}>
              通过
            </SmallButton>
          )}
          {choices.fail && (
            <SmallButton id={`rect-fail-${c.id}`} tone="danger" disabled={busy} onClick={() => void decide('fail')}>
              不通过
            </SmallButton>
          )}
        </ReasonBox>
      )}
      {c.status === 'open' && !choices.fail && (
        <View className="hint">期限届满前伙伴未提交方案的，届满后方可判定不通过。</View>
      )}
    </View>
  );
}

export default function StaffRectificationsPage() {
  // nearest deadline first
  const q = useStaffQueue<Filter, StaffRectification>('submitted', async (f) =>
    (await listStaffRectifications(f === 'all' ? undefined : f)).sort((a, b) => a.deadline.localeCompare(b.deadline)),
  );

  if (!q.allowed) return <View className="page" />;
  return (
    <StaffPage>
      <Chips idPrefix="rect-status" options={FILTERS} value={q.filter} onChange={q.choose} />
      <ErrorBanner message={q.error} />
      {q.loading && <Loading />}
      <View id="rect-list">
        {q.items.map((c) => (
          <CaseCard key={c.id} c={c} onDecided={q.reload} onError={q.failed} />
        ))}
      </View>
      <Empty id="rect-empty" show={q.empty}>
        暂无整改事项
      </Empty>
    </StaffPage>
  );
}
