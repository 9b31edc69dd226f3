import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { SmallButton, SubmitButton } from '@/components/ActionButton';
import { FOCUSABLE } from '@/components/a11y';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TextareaField, TextInput } from '@/components/Field';
import { FieldError } from '@/components/FieldError';
import { Row } from '@/components/ListState';
import { useForm } from '@/hooks/useForm';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import {
  NOTICE_KIND_LABEL,
  getAlertSettings,
  saveAlertSettings,
  type AlertChannel,
  type AlertSettings,
} from '@/services/alerts';
import { currentUser } from '@/services/auth';
import { listProgrammes } from '@/services/programmes';
import type { Programme } from '@/services/types';
import { errorText, validationErrors } from '@/utils/errors';
import { splitList } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

const FIELDS = ['rooms', 'contacts', 'quietHours', 'digestAfter', 'reason', 'channels', 'wecomRobots'] as const;
const CHANNELS: { value: AlertChannel; label: string }[] = [
  { value: 'wechat', label: '微信群/联系人' },
  { value: 'wecom', label: '企业微信机器人' },
];
/**
 * A WeCom robot being edited: a saved one shows its masked key (`keyHint`); `key` is what the admin types (empty:
 * keep the saved key). Kept out of useForm on purpose: a typed webhook key is a secret and is never stored locally.
 */
interface RobotRow {
  id?: string;
  name: string;
  keyHint?: string;
  key: string;
}
/** One name a line (also split on commas, as HUOBAN_BOT_ROOMS is). */
const lines = (s: string) => splitList(s, /[\n,，]/);

/** The two name lists (E2E `#alerts-rooms`, `#alerts-contacts`, their messages `#<id>-error`). */
const NAME_LISTS = [
  { key: 'rooms', label: '接收群（每行一个群名称）', placeholder: '留空则使用部署默认的群' },
  { key: 'contacts', label: '接收联系人（每行一个昵称或备注名）', placeholder: '可留空' },
] as const;

/** 告警设置: who receives a programme's staff notices, and its quiet hours. Admins edit; other staff read. */
export default function AlertSettingsPage() {
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [settings, setSettings] = useState<AlertSettings | null>(null);
  const form = useForm(
    {
      rooms: '',
      contacts: '',
      quiet: 'off' as 'on' | 'off',
      start: '23:00',
      end: '08:00',
      digestAfter: '5',
      reason: '',
    },
    'alerts',
  );
  const { field, errors: fieldErrors, setErrors: setFieldErrors } = form;
  const { rooms, contacts, quiet, start, end, digestAfter, reason } = form.values;
  const [channels, setChannels] = useState<AlertChannel[]>(['wechat']);
  const [robots, setRobots] = useState<RobotRow[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const editRobot = (i: number, change: Partial<RobotRow>) =>
    setRobots((list) => list.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const admin = currentUser()?.role === 'admin';

  function show(s: AlertSettings) {
    setSettings(s);
    setChannels(s.channels);
    setRobots(s.wecomRobots.map((r) => ({ id: r.id, name: r.name, keyHint: r.keyHint, key: '' })));
    const hours = s.quietHours ?? s.defaultQuietHours;
    form.reset({
      rooms: s.rooms.join('\n'),
      contacts: s.contacts.join('\n'),
      quiet: s.quietHours ? 'on' : 'off',
      start: hours.start,
      end: hours.end,
      digestAfter: String(s.digestAfter),
      reason: '',
    });
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
          digestAfter: Number(digestAfter.trim()),
          channels,
          wecomRobots: robots.map((r) => ({
            ...(r.id && { id: r.id }),
            name: r.name.trim(),
            ...(r.key.trim() && { key: r.key.trim() }),
          })),
          rev: settings.rev,
          reason: reason.trim(),
        }),
      );
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (err) {
      const invalid = validationErrors(err, FIELDS);
      if (invalid) {
        setFieldErrors(invalid.byField);
        setError(invalid.other.join('；') || '请检查标红的项目');
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!allowed) return <View className="page" />;
  const s = settings;
  return (
    <StaffPage>
      <View className="card">
        <View className="field__label">项目</View>
        {/* the programme shown is not loaded again (unless it failed): a late answer would wipe what was typed */}
        <Chips
          idPrefix="alerts-programme"
          options={programmes.map((p) => ({ value: p.id, label: p.name }))}
          value={programmeId}
          onChange={(id) => (id !== programmeId || !settings) && void load(id)}
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
          {NAME_LISTS.map((n) => (
            <TextareaField
              key={n.key}
              label={n.label}
              placeholder={n.placeholder}
              disabled={!admin}
              {...field(n.key)}
            />
          ))}
          <View className="field">
            <Text className="field__label">告警渠道（可多选）</Text>
            <View className="chips">
              {CHANNELS.map((c) => (
                <View
                  key={c.value}
                  id={`alerts-channel-${c.value}`}
                  className={channels.includes(c.value) ? 'chip chip--active' : 'chip'}
                  role="button"
                  {...FOCUSABLE}
                  aria-pressed={channels.includes(c.value)}
                  onClick={() =>
                    admin &&
                    setChannels((list) =>
                      list.includes(c.value) ? list.filter((x) => x !== c.value) : [...list, c.value],
                    )
                  }
                >
                  {c.label}
                </View>
              ))}
            </View>
            <FieldError id="alerts-channels-error" message={fieldErrors.channels} />
          </View>
          <View className="field">
            <Text className="field__label">企业微信群机器人</Text>
            {robots.map((r, i) => (
              <View key={r.id ?? `new-${i}`} id={`alerts-robot-${i}`} className="field">
                <View className="row">
                  <TextInput
                    id={`alerts-robot-${i}-name`}
                    aria-label="机器人名称"
                    value={r.name}
                    onChange={(v) => editRobot(i, { name: v })}
                    disabled={!admin}
                    placeholder="机器人名称"
                  />
                  {admin && (
                    <SmallButton
                      id={`alerts-robot-${i}-remove`}
                      onClick={() => setRobots((list) => list.filter((_, j) => j !== i))}
                    >
                      删除
                    </SmallButton>
                  )}
                </View>
                <TextInput
                  id={`alerts-robot-${i}-key`}
                  aria-label="Webhook 地址"
                  password
                  value={r.key}
                  onChange={(v) => editRobot(i, { key: v })}
                  disabled={!admin}
                  placeholder={r.id ? `已保存 ${r.keyHint ?? ''}（留空不变，填写则替换）` : '粘贴 Webhook 地址或 key'}
                />
              </View>
            ))}
            {admin && (
              <SmallButton id="alerts-robot-add" onClick={() => setRobots((list) => [...list, { name: '', key: '' }])}>
                添加机器人
              </SmallButton>
            )}
            <FieldError id="alerts-robots-error" message={fieldErrors.wecomRobots} />
            <View className="hint">
              在企业微信群中：群设置 → 群机器人 → 添加机器人，复制其 Webhook
              地址粘贴于此。密钥保存后只显示末四位；每个机器人每分钟最多发送 20 条。
            </View>
          </View>
          <View className="field">
            <Text className="field__label">免打扰时段（北京时间）</Text>
            <Chips
              idPrefix="alerts-quiet"
              options={[
                { value: 'on', label: '开启' },
                { value: 'off', label: '关闭' },
              ]}
              value={quiet}
              onChange={(v) => admin && form.set({ quiet: v })}
            />
            {quiet === 'on' && (
              <View className="row">
                <TextInput {...field('start')} id="alerts-quiet-start" disabled={!admin} placeholder="HH:mm" />
                <Text>至</Text>
                <TextInput {...field('end')} id="alerts-quiet-end" disabled={!admin} placeholder="HH:mm" />
              </View>
            )}
            <FieldError id="alerts-quiet-error" message={fieldErrors.quietHours} />
            <View className="hint">
              时段内产生的非紧急通知顺延至时段结束后发送；紧急通知随时发送。默认 {s.defaultQuietHours.start}–
              {s.defaultQuietHours.end}（投诉受理时段之外）。
            </View>
          </View>
          <View className="field">
            <Text className="field__label">合并阈值（条/分钟）</Text>
            <TextInput {...field('digestAfter')} id="alerts-digest-after" disabled={!admin} placeholder="5" />
            <FieldError id="alerts-digest-after-error" message={fieldErrors.digestAfter} />
            <View className="hint">
              同一群或联系人一分钟内到期的同级通知超过此数时，合并为一条汇总（各类数量、最紧急的10条、临期投诉链接）；紧急通知总是最先发送。
            </View>
          </View>
          <Row name="紧急（从不延迟）" valueId="alerts-urgent">
            {s.urgentKinds.map((k) => NOTICE_KIND_LABEL[k]).join('、')}
          </Row>
          <Row name="非紧急（免打扰时顺延）" valueId="alerts-held">
            {s.heldKinds.map((k) => NOTICE_KIND_LABEL[k]).join('、')}
          </Row>
          {admin && (
            <View className="field">
              <Text className="field__label">修改原因</Text>
              <TextInput {...field('reason')} placeholder="必填，记入审计" />
              <FieldError id="alerts-reason-error" message={fieldErrors.reason} />
              <SubmitButton id="alerts-save" busy={busy} onClick={() => void save()}>
                保存
              </SubmitButton>
            </View>
          )}
        </View>
      )}
    </StaffPage>
  );
}
