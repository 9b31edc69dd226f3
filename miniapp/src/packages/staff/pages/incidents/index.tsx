import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, Textarea, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { FieldError } from '@/components/FieldError';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import {
  addSecurityIncident,
  getInputs,
  getPartnerScorecard,
  getScorecardTables,
  removeSecurityIncident,
} from '@/services/scorecards';
import type { ScorecardInputs, SecurityIncident, SecurityLevel } from '@/services/types';
import { errorText } from '@/utils/errors';
import { isPeriod, periodBounds } from '@/utils/period';
import { periodName } from '@/utils/score';
import { checkIncident, checkText, SECURITY_LEVELS, type IncidentErrors } from '@/utils/staff';
import { beijingParts, formatBeijing } from '@/utils/time';
import '../../staff.css';

/** FT-12 default deductions per level; the programme's tables replace them once loaded. */
const DEFAULT_POINTS: Record<SecurityLevel, number> = { I: 40, II: 20, III: 10, IV: 5 };

function IncidentCard({
  incident,
  points,
  closed,
  onRemove,
}: {
  incident: SecurityIncident;
  points: number;
  closed: boolean;
  onRemove: (reason: string) => Promise<boolean>;
}) {
  const [removing, setRemoving] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [busy, setBusy] = useState(false);

  async function confirm() {
    const err = checkText(reason, '删除原因', 1000);
    setReasonError(err);
    if (err || busy) return;
    setBusy(true);
    const ok = await onRemove(reason.trim());
    setBusy(false);
    if (ok) setRemoving(false);
  }

  return (
    <View id={`incident-${incident.id}`} className="card">
      <View className="staff__head">
        <Text className="staff__name">{incident.level} 级事件</Text>
        <Text className="tag tag--danger">扣 {points} 分</Text>
      </View>
      <View className="staff__text">{incident.description}</View>
      <View className="hint">
        发生于 {formatBeijing(incident.occurredAt)}；{incident.actor?.name ?? '运营人员'}录入于{' '}
        {formatBeijing(incident.at)}
      </View>
      {!closed && !removing && (
        <View className="staff__actions">
          <ActionButton
            id={`incident-remove-${incident.id}`}
            className="btn btn--danger btn--small"
            size="mini"
            onClick={() => setRemoving(true)}
          >
            删除
          </ActionButton>
        </View>
      )}
      {removing && (
        <View>
          <Textarea
            id={`incident-remove-reason-${incident.id}`}
            className="field__textarea staff__reason"
            value={reason}
            maxlength={1000}
            placeholder="删除原因（如：录入错误、复核后不属实）"
            onInput={(e) => setReason(e.detail.value)}
          />
          <FieldError message={reasonError} />
          <View className="staff__actions">
            <ActionButton
              id={`incident-remove-confirm-${incident.id}`}
              className="btn btn--danger btn--small"
              size="mini"
              loading={busy}
              disabled={busy}
              onClick={() => void confirm()}
            >
              确认删除
            </ActionButton>
            <ActionButton
              id={`incident-remove-cancel-${incident.id}`}
              className="btn btn--default btn--small"
              size="mini"
              onClick={() => setRemoving(false)}
            >
              取消
            </ActionButton>
          </View>
        </View>
      )}
    </View>
  );
}

export default function IncidentsPage() {
  const { partnerId = '', period = '' } = useRouter().params;
  const now = beijingParts(Date.now());
  const bounds = isPeriod(period) ? periodBounds(period) : null;
  // the pickers stay inside the period and never pass today
  const lastDay = bounds ? beijingParts(Math.min(bounds.endMs - 1, Date.now())).date : now.date;
  const [name, setName] = useState('');
  const [points, setPoints] = useState(DEFAULT_POINTS);
  const [inputs, setInputs] = useState<ScorecardInputs | null>(null);
  const [level, setLevel] = useState<SecurityLevel | ''>('');
  const [description, setDescription] = useState('');
  const [date, setDate] = useState(lastDay);
  const [time, setTime] = useState(now.time);
  const [fieldErrors, setFieldErrors] = useState<IncidentErrors>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function load() {
    if (!partnerId || !isPeriod(period)) {
      setError('缺少伙伴或考核期，请从考核看板进入');
      return;
    }
    setError('');
    try {
      const [view, current] = await Promise.all([getPartnerScorecard(partnerId, period), getInputs(partnerId, period)]);
      setName(view.partnerName);
      setInputs(current);
      if (current.programmeId) {
        const tables = await getScorecardTables(current.programmeId);
        setPoints(tables.tables.securityIncidentPoints);
      }
    } catch (err) {
      setError(errorText(err));
    }
  }

  const allowed = useStaffGuard(() => void load());

  async function add() {
    if (busy) return;
    const { errors, occurredAt } = checkIncident({ level, description, date, time }, period, Date.now());
    setFieldErrors(errors);
    if (!occurredAt || !level) return;
    setBusy(true);
    setError('');
    try {
      setInputs(await addSecurityIncident(partnerId, period, { level, description: description.trim(), occurredAt }));
      setLevel('');
      setDescription('');
      void Taro.showToast({ title: '已记录', icon: 'success' });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(id: string, reason: string): Promise<boolean> {
    setError('');
    try {
      setInputs(await removeSecurityIncident(partnerId, period, id, reason));
      void Taro.showToast({ title: '已删除', icon: 'success' });
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  }

  if (!allowed) return <View className="page" />;
  const closed = Boolean(inputs?.closed);
  const incidents = inputs?.securityIncidents ?? [];
  return (
    <View className="page">
      <ErrorBanner message={error} />
      {!inputs && !error && <View className="hint">加载中…</View>}
      {inputs && (
        <>
          <View className="card">
            <View className="card__title">
              <Text id="incident-partner">{name}</Text> · {periodName(period)}
            </View>
            <View className="hint">
              信息安全事件按等级扣分：I 级 {points.I} 分、II 级 {points.II} 分、III 级 {points.III} 分、IV 级{' '}
              {points.IV} 分。
            </View>
            {closed && (
              <View id="incident-closed" className="hint">
                本考核期已结算，安全事件不能再增删。
              </View>
            )}
          </View>

          <View id="incident-list">
            {incidents.map((i) => (
              <IncidentCard
                key={i.id}
                incident={i}
                points={points[i.level]}
                closed={closed}
                onRemove={(reason) => remove(i.id, reason)}
              />
            ))}
          </View>
          {!incidents.length && (
            <View id="incident-empty" className="empty">
              本期暂无安全事件
            </View>
          )}

          {!closed && (
            <View id="incident-form" className="card">
              <View className="card__title">登记安全事件</View>
              <View className="field">
                <Text className="field__label">事件等级</Text>
                <Chips
                  idPrefix="incident-level"
                  options={SECURITY_LEVELS.map((l) => ({ value: l, label: `${l} 级（扣 ${points[l]} 分）` }))}
                  value={level}
                  onChange={setLevel}
                />
                <FieldError message={fieldErrors.level} />
              </View>
              <View className="field">
                <Text className="field__label">事件描述</Text>
                <Textarea
                  id="incident-description"
                  className="field__textarea"
                  value={description}
                  maxlength={2000}
                  placeholder="事件经过、影响范围、处置情况"
                  onInput={(e) => setDescription(e.detail.value)}
                />
                <FieldError message={fieldErrors.description} />
              </View>
              <View className="field">
                <Text className="field__label">发生时间（北京时间）</Text>
                <View className="staff__when">
                  <Picker
                    mode="date"
                    value={date}
                    start={bounds ? beijingParts(bounds.startMs).date : undefined}
                    end={lastDay}
                    onChange={(e) => setDate(String(e.detail.value))}
                  >
                    <View id="incident-date" className="field__input staff__picker">
                      {date}
                    </View>
                  </Picker>
                  <Picker mode="time" value={time} onChange={(e) => setTime(String(e.detail.value))}>
                    <View id="incident-time" className="field__input staff__picker">
                      {time}
                    </View>
                  </Picker>
                </View>
                <FieldError message={fieldErrors.occurredAt} />
              </View>
              <ActionButton
                id="incident-submit"
                className="btn btn--primary"
                loading={busy}
                disabled={busy}
                onClick={() => void add()}
              >
                登记
              </ActionButton>
            </View>
          )}
        </>
      )}
    </View>
  );
}
