import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { FieldError } from '@/components/FieldError';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { NOTICE_KIND_LABEL, getAlertSettings, saveAlertSettings, type AlertSettings } from '@/services/alerts';
import { currentUser } from '@/services/auth';
import { listProgrammes } from '@/services/programmes';
import type { Programme } from '@/services/types';
import { ApiError } from '@/services/request';
import { errorText, splitFieldErrors } from '@/utils/errors';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

const FIELDS = ['rooms', 'contacts', 'quietHours', 'reason'] as const;
/** One name a line (also split on commas, as HUOBAN_BOT_ROOMS is). */
const lines = (s: string) =>
  s
    .split(/[\n,，]/)
    .map((x) => x.trim())
    .filter(Boolean);

interface FieldProps {
  id: string;
  value: string;
  editable: boolean;
  onChange: (v: string) => void;
}

/** A list of names, one a line. */
function NamesField(p: FieldProps & { label: string; placeholder: string; error?: string[] }) {
  return (
    <View className="field">
      <Text className="field__label">{p.label}</Text>
      <Textarea
        id={p.id}
        className="field__textarea"
        value={p.value}
        disabled={!p.editable}
        placeholder={p.placeholder}
        onInput={(e) => p.onChange(e.detail.value)}
      />
      <FieldError id={`${p.id}-error`} message={p.error} />
    </View>
  );
}

/** An HH:mm time. */
function ClockInput(p: FieldProps) {
  return (
    <Input
      id={p.id}
      className="field__input"
      value={p.value}
      disabled={!p.editable}
      placeholder="HH:mm"
      onInput={(e) => p.onChange(e.detail.value)}
    />
  );
}

/** 告警设置: who receives a programme's staff notices, and its quiet hours. Admins edit; other staff read. */
export default function AlertSettingsPage() {
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [settings, setSettings] = useState<AlertSettings | null>(null);
  const [rooms, setRooms] = useState('');
  const [contacts, setContacts] = useState('');
  const [quiet, setQuiet] = useState<'on' | 'off'>('off');
  const [start, setStart] = useState('23:00');
  const [end, setEnd] = useState('08:00');
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const admin = currentUser()?.role === 'admin';

  function show(s: AlertSettings) {
    setSettings(s);
    setRooms(s.rooms.join('\n'));
    setContacts(s.contacts.join('\n'));
    setQuiet(s.quietHours ? 'on' : 'off');
    setStart((s.quietHours ?? s.defaultQuietHours).start);
    setEnd((s.quietHours ?? s.defaultQuietHours).end);
    setReason('');
    setFieldErrors({});
  }

  async function load(id: string) {
    setProgrammeId(id);
    setError('');
    try {
      show(await getAlertSettings(id));
    } catch (err) {
      setSettings(null);
      setError(errorText(err));
    }
  }

  const allowed = useStaffGuard(() => {
    void listProgrammes()
      .then((list) => {
        setProgrammes(list);
        const id = programmeId || list[0]?.id;
        if (id) void load(id);
      })
      .catch((err) => setError(errorText(err)));
  });

  async function save() {
    if (busy || !settings) return;
    setBusy(true);
    setError('');
    setFieldErrors({});
    try {
      show(
        await saveAlertSettings(programmeId, {
          rooms: lines(rooms),
          contacts: lines(contacts),
          quietHours: quiet === 'on' ? { start: start.trim(), end: end.trim() } : null,
          rev: settings.rev,
          reason: reason.trim(),
        }),
      );
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const split = splitFieldErrors(err.details, FIELDS);
        setFieldErrors(split);
        setError((split[''] ?? []).join('；') || '请检查标红的项目');
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!allowed) return <View className="page" />;
  const s = settings;
  return (
    <View className="page">
      <View className="card">
        <View className="field__label">项目</View>
        <Chips
          idPrefix="alerts-programme"
          options={programmes.map((p) => ({ value: p.id, label: p.name }))}
          value={programmeId}
          onChange={(id) => void load(id)}
        />
      </View>
      <ErrorBanner message={error} />
      {s && (
        <View className="card">
          <View id="alerts-status" className="hint">
            {s.configured
              ? `第 ${s.rev} 版，${s.updatedBy?.name ?? s.updatedBy?.id ?? ''} 于 ${formatBeijing(s.updatedAt)} 修改：${s.reason ?? ''}`
              : '本项目尚未设置：告警发往部署默认的群和联系人（HUOBAN_BOT_ROOMS / HUOBAN_BOT_CONTACTS）'}
          </View>
          {!admin && (
            <View id="alerts-readonly" className="hint">
              仅管理员可修改告警设置
            </View>
          )}
          <NamesField
            id="alerts-rooms"
            label="接收群（每行一个群名称）"
            placeholder="留空则使用部署默认的群"
            value={rooms}
            editable={admin}
            onChange={setRooms}
            error={fieldErrors.rooms}
          />
          <NamesField
            id="alerts-contacts"
            label="接收联系人（每行一个昵称或备注名）"
            placeholder="可留空"
            value={contacts}
            editable={admin}
            onChange={setContacts}
            error={fieldErrors.contacts}
          />
          <View className="field">
            <Text className="field__label">免打扰时段（北京时间）</Text>
            <Chips
              idPrefix="alerts-quiet"
              options={[
                { value: 'on', label: '开启' },
                { value: 'off', label: '关闭' },
              ]}
              value={quiet}
              onChange={(v) => admin && setQuiet(v)}
            />
            {quiet === 'on' && (
              <View className="row">
                <ClockInput id="alerts-quiet-start" value={start} editable={admin} onChange={setStart} />
                <Text>至</Text>
                <ClockInput id="alerts-quiet-end" value={end} editable={admin} onChange={setEnd} />
              </View>
            )}
            <FieldError id="alerts-quiet-error" message={fieldErrors.quietHours} />
            <View className="hint">
              时段内产生的非紧急通知顺延至时段结束后发送；紧急通知随时发送。默认 {s.defaultQuietHours.start}–
              {s.defaultQuietHours.end}（投诉受理时段之外）。
            </View>
          </View>
          <View className="row">
            <Text className="row__key">紧急（从不延迟）</Text>
            <Text id="alerts-urgent" className="row__value">
              {s.urgentKinds.map((k) => NOTICE_KIND_LABEL[k]).join('、')}
            </Text>
          </View>
          <View className="row">
            <Text className="row__key">非紧急（免打扰时顺延）</Text>
            <Text id="alerts-held" className="row__value">
              {s.heldKinds.map((k) => NOTICE_KIND_LABEL[k]).join('、')}
            </Text>
          </View>
          {admin && (
            <View className="field">
              <Text className="field__label">修改原因</Text>
              <Input
                id="alerts-reason"
                className="field__input"
                value={reason}
                placeholder="必填，记入审计"
                onInput={(e) => setReason(e.detail.value)}
              />
              <FieldError id="alerts-reason-error" message={fieldErrors.reason} />
              <ActionButton
                id="alerts-save"
                className="btn btn--primary"
                loading={busy}
                disabled={busy}
                onClick={() => void save()}
              >
                保存
              </ActionButton>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
