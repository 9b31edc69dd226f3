import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { SmallButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty, Loading } from '@/components/ListState';
import { ReasonBox, useReason } from '@/components/ReasonBox';
import { useStaffQueue } from '@/hooks/useStaffQueue';
import { decideAppeal, listStaffAppeals } from '@/services/appeals';
import type { AppealStatus, StaffAppeal } from '@/services/types';
import { APPEAL_STATUS_LABEL, label } from '@/utils/labels';
import { formatPoints, monthName } from '@/utils/score';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

type Filter = AppealStatus | 'all';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'open', label: '待处理' },
  { value: 'upheld', label: '已成立' },
  { value: 'rejected', label: '已驳回' },
  { value: 'all', label: '全部' },
];
const DECISION_TEXT = { uphold: '申诉成立（冲回该笔扣分）', reject: '驳回申诉' } as const;

function AppealCard({
  appeal,
  onDecided,
  onError,
}: {
  appeal: StaffAppeal;
  onDecided: () => void;
  onError: (err: unknown) => void;
}) {
  const reason = useReason('处理意见');
  const [busy, setBusy] = useState(false);

  async function decide(decision: 'uphold' | 'reject') {
    const text = reason.check();
    if (text === null || busy) return;
    const { confirm } = await Taro.showModal({
      title: '确认处理',
      content: `${appeal.partnerName}：${DECISION_TEXT[decision]}？处理后不能更改。`,
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await decideAppeal(appeal.id, decision, text);
      void Taro.showToast({ title: '已处理', icon: 'success' });
      onDecided();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }

  const e = appeal.entry;
  return (
    <View id={`appeal-${appeal.id}`} className="card">
      <View className="staff__head">
        <Text className="staff__name">{appeal.partnerName}</Text>
        <Text className={`tag appeal-tag--${appeal.status}`}>{label(APPEAL_STATUS_LABEL, appeal.status)}</Text>
      </View>
      {e && (
        <View className="staff__quote">
          <View>
            {monthName(e.month)} · {e.rule} · <Text className="staff__points">{formatPoints(e.applied)}</Text>
          </View>
          <View>{e.reason}</View>
        </View>
      )}
      <View className="staff__text">申诉理由：{appeal.reason}</View>
      <View className="hint">提交于 {formatBeijing(appeal.createdAt)}</View>
      {appeal.status !== 'open' && (
        <View className="staff__text">
          处理意见：{appeal.decisionReason ?? '—'}（{formatBeijing(appeal.decidedAt)}）
        </View>
      )}
      {appeal.status === 'open' && (
        <ReasonBox id={`appeal-reason-${appeal.id}`} placeholder="处理意见（伙伴可见）" reason={reason}>
          <SmallButton
            id={`appeal-uphold-${appeal.id}`}
            tone="primary"
            disabled={busy}
            onClick={() => void decide('uphold')}
          >
            申诉成立
          </SmallButton>
          <SmallButton
            id={`appeal-reject-${appeal.id}`}
            tone="danger"
            disabled={busy}
            onClick={() => void decide('reject')}
          >
            驳回
          </SmallButton>
        </ReasonBox>
      )}
    </View>
  );
}

export default function StaffAppealsPage() {
  // oldest first: the queue is worked in arrival order
  const q = useStaffQueue<Filter, StaffAppeal>('open', async (f) =>
    (await listStaffAppeals(f === 'all' ? undefined : f)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  );

  if (!q.allowed) return <View className="page" />;
  return (
    <StaffPage>
      <Chips idPrefix="appeals-status" options={FILTERS} value={q.filter} onChange={q.choose} />
      <ErrorBanner message={q.error} />
      {q.loading && <Loading />}
      <View id="appeals-list">
        {q.items.map((a) => (
          <AppealCard key={a.id} appeal={a} onDecided={q.reload} onError={q.failed} />
        ))}
      </View>
      <Empty id="appeals-empty" show={q.empty}>
        {q.filter === 'open' ? '暂无待处理的申诉' : '暂无申诉'}
      </Empty>
    </StaffPage>
  );
}
