import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { ActionButton } from '../../../../components/ActionButton';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { FieldError } from '../../../../components/FieldError';
import { useStaffQueue } from '../../../../hooks/useStaffQueue';
import { exitAct, exitCase, exitQueue, type ExitCase, type StaffExitAction } from '../../../../services/exit';
import { needsReason, STAFF_EXIT_ACTION_LABEL, staffExitActions } from '../../../../utils/exit';
import { checkText } from '../../../../utils/staff';
import { formatBeijing } from '../../../../utils/time';
import '../../staff.css';

function CaseCard({ c, onDone, onError }: { c: ExitCase; onDone: () => void; onError: (e: unknown) => void }) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [busy, setBusy] = useState(false);
  const [blockers, setBlockers] = useState(c.blockers);
  const actions = staffExitActions(c.status);

  async function act(a: StaffExitAction) {
    if (busy) return;
    if (needsReason(a)) {
      const err = checkText(reason, '审批意见', 1000);
      setReasonError(err);
      if (err) return;
    }
    const { confirm } = await Taro.showModal({
      title: STAFF_EXIT_ACTION_LABEL[a],
      content: `${c.partnerName}：确认${STAFF_EXIT_ACTION_LABEL[a]}？`,
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await exitAct(c.id, a, needsReason(a) ? reason.trim() : a === 'terminate' ? '合同已终止' : undefined);
      void Taro.showToast({ title: '已办理', icon: 'success' });
      onDone();
    } catch (e) {
      onError(e);
      setBlockers((await exitCase(c.id).catch(() => c)).blockers);
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
      <View className="row">
        <Text className="row__key">原因</Text>
        <Text className="row__value">
          {c.triggerLabel}（{c.rule}）
        </Text>
      </View>
      <View className="staff__text">{c.reason}</View>
      {c.desiredEndOn && (
        <View className="row">
          <Text className="row__key">期望终止</Text>
          <Text className="row__value">
            {c.desiredEndOn}（最早 {c.earliestEndOn}）
          </Text>
        </View>
      )}
      {c.stages.map((s) => (
        <View key={s.stage} className="row">
          <Text className="row__key">{s.label}</Text>
          <Text className="row__value">
            {s.dueAt ? `截止 ${formatBeijing(s.dueAt)}` : '—'}
            {s.doneAt ? `，${s.met ? '按时' : '超时'}办理` : ''}
          </Text>
        </View>
      ))}
      <View id={`exit-blockers-${c.id}`}>
        {blockers && blockers.length > 0 ? (
          blockers.map((b) => (
            <View key={b.id} className="staff__text">
              未办结：{b.label}
            </View>
          ))
        ) : (
          <View className="hint">无未办结事项</View>
        )}
      </View>
      {actions.some(needsReason) && (
        <View>
          <Textarea
            id={`exit-reason-${c.id}`}
            className="field__textarea staff__reason"
            value={reason}
            maxlength={1000}
            placeholder="审批意见"
            onInput={(e) => setReason(e.detail.value)}
          />
          <FieldError message={reasonError} />
        </View>
      )}
      <View className="staff__actions">
        {actions.map((a) => (
          <ActionButton
            key={a}
            id={`exit-${a}-${c.id}`}
            className={a === 'reject' ? 'btn btn--danger btn--small' : 'btn btn--primary btn--small'}
            size="mini"
            disabled={busy}
            onClick={() => void act(a)}
          >
            {STAFF_EXIT_ACTION_LABEL[a]}
          </ActionButton>
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
    <View className="page">
      <ErrorBanner message={q.error} />
      {q.loading && <View className="hint">加载中…</View>}
      <View id="exit-list">
        {q.items.map((c) => (
          <CaseCard key={c.id} c={c} onDone={q.reload} onError={q.failed} />
        ))}
      </View>
      {q.empty && (
        <View id="exit-empty" className="empty">
          暂无进行中的退出申请
        </View>
      )}
    </View>
  );
}
