import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { SubmitButton } from '@/components/ActionButton';
import { TextareaField, TextField } from '@/components/Field';
import { PartnerPeriodPage, PartnerPeriodTitle } from '@/components/PartnerPeriod';
import { useForm } from '@/hooks/useForm';
import { usePartnerInputs } from '@/hooks/usePartnerInputs';
import { rateOnboarding } from '@/services/scorecards';
import type { ScorecardInputs } from '@/services/types';
import { errorText } from '@/utils/errors';
import { formatScore } from '@/utils/score';
import { checkText, parseRating } from '@/utils/staff';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

const DEFAULT_MAX = 30;

export default function OnboardingPage() {
  const { partnerId = '', period = '' } = useRouter().params;
  const [max, setMax] = useState(DEFAULT_MAX);
  const form = useForm({ rating: '', comment: '' }, 'onboarding');
  const { field } = form;
  const [busy, setBusy] = useState(false);

  function showRating(next: ScorecardInputs) {
    form.reset({
      rating: next.onboarding ? String(next.onboarding.rating) : '',
      comment: next.onboarding?.comment ?? '',
    });
  }

  const { allowed, name, inputs, setInputs, error, setError, closed } = usePartnerInputs(
    partnerId,
    period,
    (view, current) => {
      setMax(view.components.find((c) => c.key === 'onboarding')?.max ?? DEFAULT_MAX);
      showRating(current);
    },
  );

  async function submit() {
    if (busy || !inputs) return;
    const { rating, comment } = form.values;
    const r = parseRating(rating, max);
    const c = checkText(comment, '评分说明', 2000);
    form.setErrors({ rating: r.ok ? undefined : r.error, comment: c || undefined });
    if (!r.ok || c) return;
    setBusy(true);
    setError('');
    try {
      const next = await rateOnboarding(partnerId, period, r.value, comment.trim());
      setInputs(next);
      showRating(next);
      void Taro.showToast({ title: '评分已保存', icon: 'success' });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!allowed) return <View className="page" />;
  const current = inputs?.onboarding;
  return (
    <PartnerPeriodPage error={error} ready={Boolean(inputs)}>
      <View className="card">
        <PartnerPeriodTitle idPrefix="onboarding" name={name} period={period} />
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
        <TextField
          label={`入网洽谈与技术对接评分（0–${max} 分，最多一位小数）`}
          type="digit"
          {...field('rating')}
          disabled={closed}
          placeholder={`0–${max}`}
        />
        <TextareaField
          label="评分说明"
          {...field('comment')}
          disabled={closed}
          maxlength={2000}
          placeholder="洽谈配合度、技术对接进度与质量等"
        />
        <SubmitButton id="onboarding-submit" busy={busy} disabled={closed} onClick={() => void submit()}>
          保存评分
        </SubmitButton>
      </View>
    </PartnerPeriodPage>
  );
}
