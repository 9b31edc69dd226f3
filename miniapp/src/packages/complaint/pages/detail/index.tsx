import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton, SubmitButton } from '@/components/ActionButton';
import { Countdown } from '@/components/Countdown';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TextArea } from '@/components/Field';
import { Empty, Row } from '@/components/ListState';
import { StatusTags } from '@/components/Tags';
import { useForm } from '@/hooks/useForm';
import { useSignedIn } from '@/hooks/useSignedIn';
import { isStaff } from '@/services/auth';
import { confirmReply, getComplaint, rejectReply, replyToComplaint } from '@/services/complaints';
import { askConsent, loadSubscriptions } from '@/services/subscriptions';
import { ApiError } from '@/services/request';
import type { Complaint } from '@/services/types';
import { errorText } from '@/utils/errors';
import { CHANNEL_LABEL, KIND_LABEL, label, VERDICT_LABEL, replyAuthor } from '@/utils/labels';
import { clockOffsetMs, formatBeijing } from '@/utils/time';
import './index.css';

export default function ComplaintDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [complaint, setComplaint] = useState<Complaint | null>(null);
  const [offsetMs, setOffsetMs] = useState(0);
  const [error, setError] = useState('');
  const reply = useForm({ text: '' }, 'reply');
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  function show(c: Complaint) {
    setOffsetMs(clockOffsetMs(c.serverNow, Date.now()));
    setComplaint(c);
  }

  async function load() {
    try {
      show(await getComplaint(id));
      setError('');
    } catch (err) {
      setError(errorText(err));
    }
  }

  const me = useSignedIn((u) => {
    void load();
    if (u.role === 'partner') void loadSubscriptions();
  });

  /** Runs one action; on a state conflict (409) reloads so the page shows the current state. */
  async function act(action: () => Promise<Complaint>, done: string, after?: () => void) {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      show(await action());
      after?.();
      void Taro.showToast({ title: done, icon: 'success' });
    } catch (err) {
      setError(errorText(err));
      if (err instanceof ApiError && err.status === 409) void load();
    } finally {
      setBusy(false);
    }
  }

  function submitReply() {
    const text = reply.values.text.trim();
    if (!text) {
      setError('请填写回复内容');
      return;
    }
    void askConsent(['complaint-registered', 'complaint-due-soon', 'complaint-breach']); // inside the tap
    void act(
      () => replyToComplaint(id, text),
      '已提交回复',
      () => reply.reset({ text: '' }),
    );
  }

  function reject(replyId: string) {
    const reason = (reasons[replyId] ?? '').trim();
    if (!reason) {
      setError('请填写驳回原因');
      return;
    }
    void act(
      () => rejectReply(id, replyId, reason),
      '已驳回',
      () => setReasons((r) => ({ ...r, [replyId]: '' })),
    );
  }

  if (!complaint) {
    return (
      <View className="page">
        <ErrorBanner message={error} />
        <Empty show={!error}>加载中…</Empty>
      </View>
    );
  }

  const c = complaint;
  const canReply = me?.role === 'partner' && c.status === 'open';
  const canJudge = isStaff(me);

  return (
    <View className="page">
      <ErrorBanner message={error} />

      <View className="card">
        <View className="detail__head">
          <Text className="detail__no">{c.no}</Text>
          <View>
            <StatusTags complaint={c} statusId="complaint-status" />
          </View>
        </View>
        <View className="detail__summary">{c.summary}</View>
        <View className="detail__countdown">
          <Countdown id="detail-countdown" complaint={c} offsetMs={offsetMs} />
        </View>
        <Row name="截止时间">
          {formatBeijing(c.dueAt)}
          {c.provisional ? '（暂定）' : ''}
        </Row>
        <Row name="伙伴">{c.partnerName}</Row>
        <Row name="投诉类型">{label(KIND_LABEL, c.kind)}投诉</Row>
        <Row name="投诉渠道">{label(CHANNEL_LABEL, c.channel)}</Row>
        <Row name="受理时间">{formatBeijing(c.receivedAt)}</Row>
        <Row name="登记时间">{formatBeijing(c.createdAt)}</Row>
        {c.effectiveReplyAt && <Row name="有效回复时间">{formatBeijing(c.effectiveReplyAt)}</Row>}
        {c.breachedAt && <Row name="超时时间">{formatBeijing(c.breachedAt)}</Row>}
        <View className="hint">时间均为北京时间；时限按每天 8:00–23:00 工作时间计算。</View>
      </View>

      <View className="card">
        <View className="card__title">回复记录</View>
        {c.replies.length === 0 && <View className="hint">暂无回复</View>}
        {c.replies.map((r) => (
          <View key={r.id} id={`reply-${r.id}`} className="reply">
            <View className="reply__meta">
              <Text>
                {replyAuthor(r.by, c.partnerName)} · {formatBeijing(r.at)}
              </Text>
              <Text className={`tag reply__verdict reply__verdict--${r.verdict}`}>
                {label(VERDICT_LABEL, r.verdict)}
              </Text>
            </View>
            <View className="reply__text">{r.text}</View>
            {r.reason && <View className="reply__reason">驳回原因：{r.reason}</View>}
            {canJudge && r.verdict === 'pending' && (
              <View className="reply__actions">
                <TextArea
                  id={`reject-reason-${r.id}`}
                  className="reply__reason-input"
                  value={reasons[r.id] ?? ''}
                  placeholder="驳回时请填写原因"
                  maxlength={500}
                  onChange={(v) => setReasons((prev) => ({ ...prev, [r.id]: v }))}
                />
                <View className="reply__buttons">
                  <ActionButton
                    id={`confirm-${r.id}`}
                    className="btn btn--primary btn--small"
                    disabled={busy}
                    onClick={() => void act(() => confirmReply(id, r.id), '已确认有效')}
                  >
                    确认有效
                  </ActionButton>
                  <ActionButton
                    id={`reject-${r.id}`}
                    className="btn btn--danger btn--small"
                    disabled={busy}
                    onClick={() => reject(r.id)}
                  >
                    驳回
                  </ActionButton>
                </View>
              </View>
            )}
          </View>
        ))}
      </View>

      {canReply && (
        <View className="card">
          <View className="card__title">回复投诉</View>
          <TextArea {...reply.field('text')} placeholder="请说明原因及解决方案" maxlength={2000} />
          <SubmitButton id="reply-submit" busy={busy} onClick={submitReply}>
            提交回复
          </SubmitButton>
        </View>
      )}
    </View>
  );
}
