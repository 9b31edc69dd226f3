import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { FieldError } from '@/components/FieldError';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { registerComplaint } from '@/services/complaints';
import { listPartners } from '@/services/partners';
import { ApiError } from '@/services/request';
import { CHANNELS, type Channel, type ComplaintKind, type Partner } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText, splitFieldErrors } from '@/utils/errors';
import { CHANNEL_LABEL, KIND_LABEL } from '@/utils/labels';
import { beijingParts, beijingToIso } from '@/utils/time';
import './index.css';

const FIELDS = ['partnerId', 'kind', 'channel', 'summary', 'receivedAt'] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<Field, string[]>>;

const KINDS: ComplaintKind[] = ['ordinary', 'escalated'];

export default function RegisterComplaintPage() {
  const now = beijingParts(Date.now());
  const [q, setQ] = useState('');
  const [partners, setPartners] = useState<Partner[]>([]);
  const [partner, setPartner] = useState<Partner | null>(null);
  const [kind, setKind] = useState<ComplaintKind>('ordinary');
  const [channel, setChannel] = useState<Channel>('hotline_10086');
  const [summary, setSummary] = useState('');
  const [date, setDate] = useState(now.date);
  const [time, setTime] = useState(now.time);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
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
      if (err instanceof ApiError && err.status === 400 && err.details.length) {
        const { '': other = [], ...byField } = splitFieldErrors(err.details, FIELDS);
        setFieldErrors(byField as FieldErrors);
        setError(other.length ? other.join('；') : '请检查标红的字段');
      } else {
        setError(errorText(err));
      }
    } finally {
      setBusy(false);
    }
  }

  if (!allowed) return <View className="page" />;
  return (
    <View className="page">
      <ErrorBanner message={error} />

      <View className="card">
        <View className="field">
          <Text className="field__label">伙伴</Text>
          <Input
            id="register-partner-q"
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
          <FieldError message={fieldErrors.partnerId} />
        </View>

        <View className="field">
          <Text className="field__label">投诉类型</Text>
          <View className="chips">
            {KINDS.map((k) => (
              <View
                key={k}
                id={`register-kind-${k}`}
                className={kind === k ? 'chip chip--active' : 'chip'}
                onClick={() => setKind(k)}
              >
                {KIND_LABEL[k]}投诉
              </View>
            ))}
          </View>
          <FieldError message={fieldErrors.kind} />
        </View>

        <View className="field">
          <Text className="field__label">投诉渠道</Text>
          <View className="chips">
            {CHANNELS.map((ch) => (
              <View
                key={ch}
                id={`register-channel-${ch}`}
                className={channel === ch ? 'chip chip--active' : 'chip'}
                onClick={() => setChannel(ch)}
              >
                {CHANNEL_LABEL[ch]}
              </View>
            ))}
          </View>
          <FieldError message={fieldErrors.channel} />
        </View>

        <View className="field">
          <Text className="field__label">投诉摘要</Text>
          <Textarea
            id="register-summary"
            className="field__textarea"
            value={summary}
            placeholder="客户反映的问题"
            maxlength={1000}
            onInput={(e) => setSummary(e.detail.value)}
          />
          <FieldError message={fieldErrors.summary} />
        </View>

        <View className="field">
          <Text className="field__label">受理时间（北京时间）</Text>
          <View className="register__when">
            <Picker mode="date" value={date} end={now.date} onChange={(e) => setDate(String(e.detail.value))}>
              <View id="register-date" className="field__input register__picker">
                {date}
              </View>
            </Picker>
            <Picker mode="time" value={time} onChange={(e) => setTime(String(e.detail.value))}>
              <View id="register-time" className="field__input register__picker">
                {time}
              </View>
            </Picker>
          </View>
          <FieldError message={fieldErrors.receivedAt} />
        </View>

        <ActionButton
          id="register-submit"
          className="btn btn--primary"
          loading={busy}
          disabled={busy}
          onClick={() => void submit()}
        >
          提交登记
        </ActionButton>
      </View>
    </View>
  );
}
