import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { SmallButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty, Loading, Row } from '@/components/ListState';
import { ReasonBox, useReason } from '@/components/ReasonBox';
import { useStaffQueue } from '@/hooks/useStaffQueue';
import { exitAct, exitQueue, type ExitCase, type StaffExitAction } from '@/services/exit';
import { needsReason, STAFF_EXIT_ACTION_LABEL, staffExitActions } from '@/utils/exit';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

function CaseCard({ c, onDone, onError }: { c: ExitCase; onDone: () => void; onError: (e: unknown) => void }) {
  const reason = useReason('审批意见');
  const [busy, setBusy] = useState(false);
  const actions = staffExitActions(c.status);
  // FT-17.3: before the agreed end date a termination needs the partner's agreement, written in the reason box
  const early = c.status === 'approved' && !!c.daysUntilEnd && c.daysUntilEnd > 0;

  async function act(a: StaffExitAction) {
    if (busy) return;
    const agreed = a === 'terminate' && early ? reason.check() : undefined;
    if (agreed === null) return;
    const text = needsReason(a) ? reason.check() : a === 'terminate' ? '合同已终止' : undefined;
    if (text === null) return;
    const { confirm } = await Taro.showModal({
      title: STAFF_EXIT_ACTION_LABEL[a],
      content: agreed
        ? `${c.partnerName}：约定终止日期为 ${c.endOn}，确认伙伴同意提前终止合作？`
        : `${c.partnerName}：确认${STAFF_EXIT_ACTION_LABEL[a]}？`,
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await exitAct(c.id, a, text, agreed);
      void Taro.showToast({ title: '已办理', icon: 'success' });
      onDone();
    } catch (e) {
      onError(e); // a 409 (a blocker, a competing step) reloads the queue, so the card shows the live blockers
    } finally {
      setBusy(false);
    }
  }

  return (
    <View id={`exit-${c.id}`} className="card">
      <View className="staff__head">
        <Text className="staff__name">{c.partnerName}</Text>
        <Text id={`exit-status-${c.id}`} className="tag">
          {c.statusLabel}
        </Text>
      </View>
      <Row name="原因">
        {c.triggerLabel}（{c.rule}）
      </Row>
      <View className="staff__text">{c.reason}</View>
      {c.desiredEndOn && (
        <Row name="期望终止">
          {c.desiredEndOn}（最早 {c.earliestEndOn}）
        </Row>
      )}
      {c.endOn && (
        <Row name="约定终止">
          {c.endOn}
          {c.daysUntilEnd ? `（还有 ${c.daysUntilEnd} 天，届时自动终止）` : ''}
        </Row>
      )}
      {c.stages.map((s) => (
        <Row key={s.stage} name={s.label}>
          {s.dueAt ? `截止 ${formatBeijing(s.dueAt)}` : '—'}
          {s.doneAt ? `，${s.met ? '按时' : '超时'}办理` : ''}
        </Row>
      ))}
      <View id={`exit-blockers-${c.id}`}>
        {c.blockers && c.blockers.length > 0
          ? c.blockers.map((b) => (
              <View key={b.id} className="staff__text">
                未办结：{b.label}
              </View>
            ))
          : c.blockers && <View className="hint">无未办结事项</View>}
      </View>
      {(actions.some(needsReason) || early) && (
        <ReasonBox
          id={`exit-reason-${c.id}`}
          placeholder={early ? '伙伴同意提前终止的说明（未经伙伴同意不能提前终止）' : '审批意见'}
          reason={reason}
        />
      )}
      <View className="staff__actions">
        {actions.map((a) => (
          <SmallButton
            key={a}
            id={`exit-${a}-${c.id}`}
            tone={a === 'reject' ? 'danger' : 'primary'}
            disabled={busy}
            onClick={() => void act(a)}
          >
            {STAFF_EXIT_ACTION_LABEL[a]}
          </SmallButton>
        ))}
      </View>
    </View>
  );
}

/** FT-18: the 退出审批 queue, the earliest next due date first. */
export default function StaffExitsPage() {
  const q = useStaffQueue<'open', ExitCase>('open', () => exitQueue());
  if (!q.allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={q.error} />
      {q.loading && <Loading />}
      <View id="exit-list">
        {q.items.map((c) => (
          <CaseCard key={c.id} c={c} onDone={q.reload} onError={q.failed} />
        ))}
      </View>
      <Empty id="exit-empty" show={q.empty}>
        暂无进行中的退出申请
      </Empty>
    </StaffPage>
  );
}
