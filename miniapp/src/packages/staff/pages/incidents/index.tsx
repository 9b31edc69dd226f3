import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { SmallButton, SubmitButton } from '@/components/ActionButton';
import { ChipsField, DateTimeField, TextareaField } from '@/components/Field';
import { Empty } from '@/components/ListState';
import { PartnerPeriodPage, PartnerPeriodTitle } from '@/components/PartnerPeriod';
import { ReasonBox, useReason } from '@/components/ReasonBox';
import { useForm } from '@/hooks/useForm';
import { usePartnerInputs } from '@/hooks/usePartnerInputs';
import { addSecurityIncident, getScorecardTables, removeSecurityIncident } from '@/services/scorecards';
import type { SecurityIncident, SecurityLevel } from '@/services/types';
import { errorText } from '@/utils/errors';
import { isPeriod, periodBounds } from '@/utils/period';
import { checkIncident, SECURITY_LEVELS } from '@/utils/staff';
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
  const reason = useReason('删除原因');
  const [busy, setBusy] = useState(false);

  async function confirm() {
    const text = reason.check();
    if (text === null || busy) return;
    setBusy(true);
    const ok = await onRemove(text);
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
          <SmallButton id={`incident-remove-${incident.id}`} tone="danger" onClick={() => setRemoving(true)}>
            删除
          </SmallButton>
        </View>
      )}
      {removing && (
        <ReasonBox
          id={`incident-remove-reason-${incident.id}`}
          placeholder="删除原因（如：录入错误、复核后不属实）"
          reason={reason}
        >
          <SmallButton
            id={`incident-remove-confirm-${incident.id}`}
            tone="danger"
            loading={busy}
            disabled={busy}
            onClick={() => void confirm()}
          >
            确认删除
          </SmallButton>
          <SmallButton id={`incident-remove-cancel-${incident.id}`} onClick={() => setRemoving(false)}>
            取消
          </SmallButton>
        </ReasonBox>
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
  const [points, setPoints] = useState(DEFAULT_POINTS);
  const form = useForm({ level: '' as SecurityLevel | '', description: '', date: lastDay, time: now.time }, 'incident');
  const { field, errors: fieldErrors } = form;
  const [busy, setBusy] = useState(false);

  const { allowed, name, inputs, setInputs, error, setError, closed } = usePartnerInputs(
    partnerId,
    period,
    async (_view, current) => {
      if (current.programmeId) {
        const tables = await getScorecardTables(current.programmeId);
        setPoints(tables.tables.securityIncidentPoints);
      }
    },
  );

  async function add() {
    if (busy) return;
    const { level, description } = form.values;
    const { errors, occurredAt } = checkIncident(form.values, period, Date.now());
    form.setErrors(errors);
    if (!occurredAt || !level) return;
    setBusy(true);
    setError('');
    try {
      setInputs(await addSecurityIncident(partnerId, period, { level, description: description.trim(), occurredAt }));
      form.set({ level: '', description: '' });
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
  const incidents = inputs?.securityIncidents ?? [];
  return (
    <PartnerPeriodPage error={error} ready={Boolean(inputs)}>
      <View className="card">
        <PartnerPeriodTitle idPrefix="incident" name={name} period={period} />
        <View className="hint">
          信息安全事件按等级扣分：I 级 {points.I} 分、II 级 {points.II} 分、III 级 {points.III} 分、IV 级 {points.IV}{' '}
          分。
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
      <Empty id="incident-empty" show={!incidents.length}>
        本期暂无安全事件
      </Empty>

      {!closed && (
        <View id="incident-form" className="card">
          <View className="card__title">登记安全事件</View>
          <ChipsField
            label="事件等级"
            options={SECURITY_LEVELS.map((l) => ({ value: l, label: `${l} 级（扣 ${points[l]} 分）` }))}
            {...field('level')}
          />
          <TextareaField
            label="事件描述"
            maxlength={2000}
            placeholder="事件经过、影响范围、处置情况"
            {...field('description')}
          />
          <DateTimeField
            label="发生时间（北京时间）"
            error={fieldErrors.occurredAt}
            date={field('date')}
            time={field('time')}
            start={bounds ? beijingParts(bounds.startMs).date : undefined}
            end={lastDay}
          />
          <SubmitButton id="incident-submit" busy={busy} onClick={() => void add()}>
            登记
          </SubmitButton>
        </View>
      )}
    </PartnerPeriodPage>
  );
}
