import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { SubmitButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TextArea } from '@/components/Field';
import { FieldError } from '@/components/FieldError';
import { Loading } from '@/components/ListState';
import { useForm } from '@/hooks/useForm';
import { useSignedIn } from '@/hooks/useSignedIn';
import { createAppeal, listAppeals } from '@/services/appeals';
import { ApiError } from '@/services/request';
import { getMyCredit } from '@/services/score';
import type { Appeal, CreditEntry } from '@/services/types';
import { errorText, validationErrors } from '@/utils/errors';
import { APPEAL_STATUS_LABEL, CREDIT_KIND_LABEL, label } from '@/utils/labels';
import { fieldText, formatPoints, monthName } from '@/utils/score';
import { formatBeijing } from '@/utils/time';
import './index.css';

const MAX_REASON = 1000;

/** With `?entryId=`: the appeal form for that deduction, then my appeals; without: my appeals only. */
export default function AppealPage() {
  const { params } = useRouter();
  const entryId = params.entryId ?? '';
  const [entry, setEntry] = useState<CreditEntry | null>(null);
  const [appeals, setAppeals] = useState<Appeal[]>([]);
  const [loaded, setLoaded] = useState(false);
  const form = useForm({ reason: '' }, 'appeal');
  const [reasonError, setReasonError] = useState('');
  const [conflict, setConflict] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  async function load() {
    try {
      const [credit, mine] = await Promise.all([entryId ? getMyCredit() : Promise.resolve(null), listAppeals()]);
      setEntry(credit?.entries.find((e) => e.id === entryId) ?? null);
      setAppeals(mine);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoaded(true);
    }
  }

  useSignedIn(() => void load());

  async function submit() {
    if (busy || !entry) return;
    const text = form.values.reason.trim();
    setError('');
    setConflict('');
    if (!text) {
      setReasonError('请填写申诉理由');
      return;
    }
    setReasonError('');
    setBusy(true);
    try {
      await createAppeal(entry.id, text);
      form.reset({ reason: '' });
      setSubmitted(true);
      void Taro.showToast({ title: '申诉已提交', icon: 'success' });
      await load();
    } catch (err) {
      const invalid = validationErrors(err, ['entryId', 'reason']);
      if (invalid) {
        const { reason: forReason = [], entryId = [] } = invalid.byField;
        setReasonError(forReason.map((m) => fieldText(m, '申诉理由')).join('；'));
        const left = [...invalid.other, ...entryId];
        if (left.length) setError(left.join('；'));
      } else if (err instanceof ApiError && err.status === 409) {
        // 已有申诉 / 已冲正 / 非扣分: the entry cannot be appealed now; show why and the current appeals
        setConflict(err.message || '该扣分记录已有申诉');
        await load();
      } else {
        setError(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  }

  const openAppeal = entry ? appeals.find((a) => a.entryId === entry.id && a.status === 'open') : undefined;
  const canAppeal = Boolean(entry?.appealable) && !openAppeal && !conflict;

  return (
    <View className="page">
      <ErrorBanner message={error} />

      {entryId && loaded && (
        <View className="card">
          <View className="card__title">申诉扣分记录</View>
          {!entry && <View className="hint">未找到该积分记录，可能已被更正。</View>}
          {entry && (
            <View id="appeal-entry" className="appeal__entry">
              <View className="appeal__entry-head">
                <View>
                  <Text className="tag">{entry.rule}</Text>
                  <Text>{label(CREDIT_KIND_LABEL, entry.kind)}</Text>
                </View>
                <Text className="appeal__points">{formatPoints(entry.applied)}</Text>
              </View>
              <View className="appeal__entry-reason">{entry.reason}</View>
              <View className="appeal__meta">
                {monthName(entry.month)} · {formatBeijing(entry.at)}
              </View>
            </View>
          )}
          {conflict && (
            <View id="appeal-conflict" className="appeal__notice">
              {conflict}，请在下方查看处理进度。
            </View>
          )}
          {entry && !conflict && openAppeal && (
            <View id="appeal-conflict" className="appeal__notice">
              {submitted ? '申诉已提交' : '该扣分记录已有申诉在处理中'}，请在下方查看处理进度。
            </View>
          )}
          {entry && !entry.appealable && !openAppeal && !conflict && (
            <View className="hint">该记录目前不能申诉（仅未冲正的扣分记录可以申诉）。</View>
          )}
          {canAppeal && (
            <View className="field">
              <Text className="field__label">申诉理由</Text>
              <TextArea
                {...form.field('reason')}
                placeholder="请说明扣分有误的原因，可附上相关单号、时间等"
                maxlength={MAX_REASON}
              />
              <FieldError id="appeal-reason-error" message={reasonError} />
              <SubmitButton id="appeal-submit" busy={busy} onClick={() => void submit()}>
                提交申诉
              </SubmitButton>
            </View>
          )}
        </View>
      )}

      <View id="appeal-list" className="card">
        <View className="card__title">我的申诉</View>
        {loaded && appeals.length === 0 && <View className="hint">暂无申诉</View>}
        {!loaded && <Loading />}
        {appeals.map((a) => (
          <View key={a.id} id={`appeal-${a.id}`} className="appeal__item">
            <View className="appeal__item-head">
              <Text>
                {a.entry
                  ? `${a.entry.rule} · ${monthName(a.entry.month)} · ${formatPoints(a.entry.applied)} 分`
                  : '积分记录'}
              </Text>
              <Text className={`tag appeal-tag--${a.status}`}>{label(APPEAL_STATUS_LABEL, a.status)}</Text>
            </View>
            {a.entry && <View className="appeal__meta">扣分原因：{a.entry.reason}</View>}
            <View className="appeal__text">申诉理由：{a.reason}</View>
            {a.decisionReason && <View className="appeal__text">处理意见：{a.decisionReason}</View>}
            <View className="appeal__meta">
              提交于 {formatBeijing(a.createdAt)}
              {a.decidedAt ? ` · 处理于 ${formatBeijing(a.decidedAt)}` : ''}
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
