import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { FieldError } from '@/components/FieldError';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { getInputs, getPartnerScorecard, rateOnboarding } from '@/services/scorecards';
import type { ScorecardInputs } from '@/services/types';
import { errorText } from '@/utils/errors';
import { isPeriod } from '@/utils/period';
import { formatScore, periodName } from '@/utils/score';
import { checkText, parseRating } from '@/utils/staff';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

const DEFAULT_MAX = 30;

export default function OnboardingPage() {
  const { partnerId = '', period = '' } = useRouter().params;
  const [name, setName] = useState('');
  const [max, setMax] = useState(DEFAULT_MAX);
  const [inputs, setInputs] = useState<ScorecardInputs | null>(null);
  const [rating, setRating] = useState('');
  const [comment, setComment] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ rating?: string; comment?: string }>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  function show(next: ScorecardInputs) {
    setInputs(next);
    setRating(next.onboarding ? String(next.onboarding.rating) : '');
    setComment(next.onboarding?.comment ?? '');
  }

  async function load() {
    if (!partnerId || !isPeriod(period)) {
      setError('缺少伙伴或考核期，请从考核看板进入');
      return;
    }
    setError('');
    try {
      const [view, current] = await Promise.all([getPartnerScorecard(partnerId, period), getInputs(partnerId, period)]);
      setName(view.partnerName);
      setMax(view.components.find((c) => c.key === 'onboarding')?.max ?? DEFAULT_MAX);
      show(current);
    } catch (err) {
      setError(errorText(err));
    }
  }

  const allowed = useStaffGuard(() => void load());

  async function submit() {
    if (busy || !inputs) return;
    const r = parseRating(rating, max);
    const c = checkText(comment, '评分说明', 2000);
    const errs = { rating: r.ok ? undefined : r.error, comment: c || undefined };
    setFieldErrors(errs);
    if (!r.ok || c) return;
    setBusy(true);
    setError('');
    try {
      show(await rateOnboarding(partnerId, period, r.value, comment.trim()));
      void Taro.showToast({ title: '评分已保存', icon: 'success' });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!allowed) return <View className="page" />;
  const closed = Boolean(inputs?.closed);
  const current = inputs?.onboarding;
  return (
    <View className="page">
      <ErrorBanner message={error} />
      {!inputs && !error && <View className="hint">加载中…</View>}
      {inputs && (
        <View className="card">
          <View className="card__title">
            <Text id="onboarding-partner">{name}</Text> · {periodName(period)}
          </View>
          <View id="onboarding-current" className="hint">
            {current
              ? `当前评分 ${formatScore(current.rating)} 分（${current.actor?.name ?? '运营人员'}，${formatBeijing(current.at)}）`
              : '本期尚未评分'}
          </View>
          {closed && (
            <View id="onboarding-closed" className="hint">
              本考核期已结算，评分不能再修改。
            </View>
          )}
          <View className="field">
            <Text className="field__label">入网洽谈与技术对接评分（0–{max} 分，最多一位小数）</Text>
            <Input
              id="onboarding-rating"
              className="field__input"
              type="digit"
              value={rating}
              disabled={closed}
              placeholder={`0–${max}`}
              onInput={(e) => setRating(e.detail.value)}
            />
            <FieldError message={fieldErrors.rating} />
          </View>
          <View className="field">
            <Text className="field__label">评分说明</Text>
            <Textarea
              id="onboarding-comment"
              className="field__textarea"
              value={comment}
              disabled={closed}
              maxlength={2000}
              placeholder="洽谈配合度、技术对接进度与质量等"
              onInput={(e) => setComment(e.detail.value)}
            />
            <FieldError message={fieldErrors.comment} />
          </View>
          <ActionButton
            id="onboarding-submit"
            className="btn btn--primary"
            loading={busy}
            disabled={busy || closed}
            onClick={() => void submit()}
          >
            保存评分
          </ActionButton>
        </View>
      )}
    </View>
  );
}
