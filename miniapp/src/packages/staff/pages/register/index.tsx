import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { SubmitButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { ChipsField, DateTimeField, Field, TextareaField } from '@/components/Field';
import { useForm } from '@/hooks/useForm';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { registerComplaint } from '@/services/complaints';
import { listPartners } from '@/services/partners';
import type { Channel, ComplaintKind, Partner } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText, validationErrors } from '@/utils/errors';
import { CHANNEL_LABEL, CHANNELS, KIND_LABEL } from '@/utils/labels';
import { beijingParts, beijingToIso } from '@/utils/time';
import './index.css';

const FIELDS = ['partnerId', 'kind', 'channel', 'summary', 'receivedAt'] as const;
type FieldErrors = Partial<Record<(typeof FIELDS)[number], string[]>>;

const KINDS: ComplaintKind[] = ['ordinary', 'escalated'];
const KIND_OPTIONS = KINDS.map((k) => ({ value: k, label: `${KIND_LABEL[k]}投诉` }));
const CHANNEL_OPTIONS = CHANNELS.map((ch) => ({ value: ch, label: CHANNEL_LABEL[ch] }));

export default function RegisterComplaintPage() {
  const now = beijingParts(Date.now());
  const [q, setQ] = useState('');
  const [partners, setPartners] = useState<Partner[]>([]);
  const [partner, setPartner] = useState<Partner | null>(null);
  const form = useForm(
    () => ({
      kind: 'ordinary' as ComplaintKind,
      channel: 'hotline_10086' as Channel,
      summary: '',
      date: now.date,
      time: now.time,
    }),
    'register',
  );
  const { kind, channel, summary, date, time } = form.values;
  const { field, errors, setErrors: setFieldErrors } = form;
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const allowed = useStaffGuard();

  // Partner search, debounced (staff only: nobody else may list partners).
  useEffect(() => {
    if (!allowed) return;
    const timer = setTimeout(() => {
      listPartners(q)
        .then((list) => setPartners(list.slice(0, 30)))
        .catch((err) => setError(errorText(err)));
    }, 300);
    return () => clearTimeout(timer);
  }, [q, allowed]);

  function validate(receivedAt: string | null): FieldErrors {
    const errs: FieldErrors = {};
    if (!partner) errs.partnerId = ['请选择伙伴'];
    if (!summary.trim()) errs.summary = ['请填写投诉摘要'];
    if (!receivedAt) errs.receivedAt = ['受理时间格式不正确'];
    else if (Date.parse(receivedAt) > Date.now() + 60_000) errs.receivedAt = ['受理时间不能晚于当前时间'];
    return errs;
  }

  async function submit() {
    if (busy) return;
    const receivedAt = beijingToIso(date, time);
    const errs = validate(receivedAt);
    setFieldErrors(errs);
    setError(Object.keys(errs).length ? '请检查标红的字段' : '');
    if (Object.keys(errs).length || !partner || !receivedAt) return;

    setBusy(true);
    try {
      const created = await registerComplaint({
        partnerId: partner.id,
        kind,
        channel,
        summary: summary.trim(),
        receivedAt,
      });
      void Taro.showToast({ title: '登记成功', icon: 'success' });
      await Taro.redirectTo({ url: ROUTES.detail(created.id) });
    } catch (err) {
      const invalid = validationErrors(err, FIELDS);
      if (invalid) {
        setFieldErrors(invalid.byField);
        setError(invalid.other.length ? invalid.other.join('；') : '请检查标红的字段');
      } else {
        setError(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  }

  if (!allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={error} />

      <View className="card">
        <Field label="伙伴" error={errors.partnerId}>
          <Input
            id="register-partner-q"
            nativeProps={{ 'aria-label': '伙伴（输入编码或名称搜索）' }}
            className="field__input"
            value={q}
            placeholder="输入伙伴编码或名称搜索"
            onInput={(e) => setQ(e.detail.value)}
          />
          <View className="chips register__partners">
            {partners.map((p) => (
              <View
                key={p.id}
                id={`register-partner-${p.code}`}
                className={partner?.id === p.id ? 'chip chip--active' : 'chip'}
                onClick={() => setPartner(p)}
              >
                {p.code} {p.name}
              </View>
            ))}
            {!partners.length && <View className="hint">没有匹配的伙伴</View>}
          </View>
          {partner && (
            <View id="register-partner-selected" className="hint">
              已选：{partner.code} {partner.name}
            </View>
          )}
        </Field>

        <ChipsField label="投诉类型" options={KIND_OPTIONS} {...field('kind')} />
        <ChipsField label="投诉渠道" options={CHANNEL_OPTIONS} {...field('channel')} />
        <TextareaField label="投诉摘要" placeholder="客户反映的问题" maxlength={1000} {...field('summary')} />
        <DateTimeField
          label="受理时间（北京时间）"
          error={errors.receivedAt}
          date={field('date')}
          time={field('time')}
          end={now.date}
        />

        <SubmitButton id="register-submit" busy={busy} onClick={() => void submit()}>
          提交登记
        </SubmitButton>
      </View>
    </StaffPage>
  );
}
