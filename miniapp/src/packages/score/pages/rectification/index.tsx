import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton, SubmitButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TextareaField } from '@/components/Field';
import { Empty, Row } from '@/components/ListState';
import { useCountdown } from '@/hooks/useCountdown';
import { useForm } from '@/hooks/useForm';
import { useSignedIn } from '@/hooks/useSignedIn';
import { ApiError } from '@/services/request';
import { listRectifications, submitRectification } from '@/services/rectifications';
import type { Rectification } from '@/services/types';
import { errorText, validationErrors } from '@/utils/errors';
import { label, RECTIFICATION_STATUS_LABEL } from '@/utils/labels';
import { canSubmitPlan, evidenceLines, fieldText, formatScore, latestSubmission, periodName } from '@/utils/score';
import { formatBeijing } from '@/utils/time';
import './index.css';

const FIELDS = ['plan', 'evidence'] as const;

function CaseCard({ c, active, onChoose }: { c: Rectification; active: boolean; onChoose: () => void }) {
  const waiting = c.status === 'open';
  const { text, msLeft } = useCountdown(c.deadline, 0, waiting);
  const last = latestSubmission(c);
  return (
    <View id={`rectification-${c.id}`} className="card">
      <View className="rect__head">
        <Text className="rect__period">{periodName(c.period)}</Text>
        <Text className={`tag rect__status--${c.status}`}>{label(RECTIFICATION_STATUS_LABEL, c.status)}</Text>
      </View>
      <Row name="半年度得分">
        {formatScore(c.total)} 分（整改线 {formatScore(c.threshold ?? 60)} 分）
      </Row>
      <Row name="整改期限">
        {formatBeijing(c.deadline)}
        {c.deadlineProvisional ? '（暂定）' : ''}
      </Row>
      {waiting && (
        <View className="rect__countdown">
          <Text
            id={`rectification-countdown-${c.id}`}
            className={msLeft > 0 ? 'countdown' : 'countdown countdown--over'}
          >
            {text}
          </Text>
        </View>
      )}
      {last && (
        <View>
          <View className="hint">
            最近提交{last.at ? `：${formatBeijing(last.at)}` : ''}
            {last.afterDeadline ? '（逾期提交）' : ''}
          </View>
          <View className="rect__plan">{last.plan}</View>
          {last.evidence.map((e, i) => (
            <View key={i} className="rect__evidence">
              佐证 {i + 1}：{e}
            </View>
          ))}
        </View>
      )}
      {c.decision && (
        <View className={`rect__decision rect__decision--${c.decision.result}`}>
          审核结论：{c.decision.result === 'pass' ? '通过' : '未通过'}，{c.decision.reason}
        </View>
      )}
      {canSubmitPlan(c) && !active && (
        <ActionButton id={`rectification-edit-${c.id}`} className="btn btn--default" onClick={onChoose}>
          {last ? '重新提交整改方案' : '提交整改方案'}
        </ActionButton>
      )}
    </View>
  );
}

export default function RectificationPage() {
  const [cases, setCases] = useState<Rectification[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [activeId, setActiveId] = useState('');
  const form = useForm({ plan: '', evidence: '' }, 'rectification');
  const { field, setErrors: setFieldErrors } = form;
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  function choose(c: Rectification | undefined) {
    setActiveId(c?.id ?? '');
    const last = c ? latestSubmission(c) : null;
    form.reset({ plan: last?.plan ?? '', evidence: last?.evidence.join('\n') ?? '' });
    setFieldErrors({});
  }

  async function load(keepForm = false) {
    try {
      const items = await listRectifications();
      // cases awaiting the partner first, then the newest
      items.sort((a, b) => Number(canSubmitPlan(b)) - Number(canSubmitPlan(a)) || b.period.localeCompare(a.period));
      setCases(items);
      if (!keepForm) choose(items.find((c) => c.status === 'open'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoaded(true);
    }
  }

  useSignedIn(() => void load(Boolean(activeId)));

  async function submit() {
    const active = cases.find((c) => c.id === activeId);
    if (busy || !active) return;
    const text = form.values.plan.trim();
    setError('');
    if (!text) {
      setFieldErrors({ plan: '请填写整改方案' });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      await submitRectification(active.id, text, evidenceLines(form.values.evidence));
      void Taro.showToast({ title: '整改方案已提交', icon: 'success' });
      setActiveId('');
      await load(true);
    } catch (err) {
      const invalid = validationErrors(err, FIELDS);
      if (invalid) {
        const { plan: p = [], evidence: ev = [] } = invalid.byField;
        setFieldErrors({
          plan: p.map((m) => fieldText(m, '整改方案')).join('；'),
          evidence: ev.map((m) => fieldText(m, '佐证材料')).join('；'),
        });
        if (invalid.other.length) setError(invalid.other.join('；'));
      } else {
        setError(errorText(err));
        if (err instanceof ApiError && err.status === 409) await load(true);
      }
    } finally {
      setBusy(false);
    }
  }

  const active = cases.find((c) => c.id === activeId && canSubmitPlan(c));

  return (
    <View className="page">
      <ErrorBanner message={error} />
      <Empty id="rectification-empty" show={loaded && cases.length === 0 && !error}>
        暂无整改事项
      </Empty>
      {cases.map((c) => (
        <CaseCard key={c.id} c={c} active={c.id === active?.id} onChoose={() => choose(c)} />
      ))}

      {active && (
        <View id="rectification-form" className="card">
          <View className="card__title">提交整改方案（{periodName(active.period)}）</View>
          <TextareaField
            label="整改方案"
            {...field('plan')}
            placeholder="请说明问题原因、整改措施、责任人和完成时间"
            maxlength={8000}
          />
          <TextareaField
            label="佐证材料（文字或链接，每行一条，最多 20 条）"
            className="rect__evidence-input"
            {...field('evidence')}
            placeholder={'例如：\nhttps://pan.example.com/整改报告.pdf\n客服培训签到表'}
            maxlength={20000}
          />
          <SubmitButton id="rectification-submit" busy={busy} onClick={() => void submit()}>
            提交整改方案
          </SubmitButton>
          <View className="hint">期限内可重新提交；逾期提交将被标注。时间均为北京时间。</View>
        </View>
      )}
    </View>
  );
}
