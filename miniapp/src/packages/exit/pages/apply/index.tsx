import { askConsent, loadSubscriptions } from '@/services/subscriptions';
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton, SmallButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TextareaField, TextField } from '@/components/Field';
import { FieldError } from '@/components/FieldError';
import { MenuItem, Row } from '@/components/ListState';
import { useForm } from '@/hooks/useForm';
import { useSignedIn } from '@/hooks/useSignedIn';
import { useCountdown } from '@/hooks/useCountdown';
import {
  exitPrecheck,
  fileExit,
  myExitCases,
  withdrawExit,
  type ExitCase,
  type ExitPrecheck,
  type ExitStageView,
} from '@/services/exit';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { checkExitForm, type ExitFormErrors } from '@/utils/exit';
import { formatBeijing } from '@/utils/time';
import './index.css';

function Stage({ caseId, s, running }: { caseId: string; s: ExitStageView; running: boolean }) {
  const pending = running && !!s.dueAt && !s.doneAt;
  const { text, msLeft } = useCountdown(s.dueAt ?? new Date(0).toISOString(), 0, pending);
  return (
    <View id={`exit-stage-${caseId}-${s.stage}`} className="row">
      <Text className="row__key">{s.label}</Text>
      <Text className="row__value">
        {s.dueAt ? `截止 ${formatBeijing(s.dueAt)}` : '待定'}
        {s.doneAt ? `，已办理（${s.met ? '按时' : '超时'}）` : ''}
        {pending ? ' ' : ''}
        {pending && <Text className={msLeft > 0 ? 'countdown' : 'countdown countdown--over'}>{text}</Text>}
      </Text>
    </View>
  );
}

function CaseCard({ c, onWithdraw, busy }: { c: ExitCase; onWithdraw: () => void; busy: boolean }) {
  return (
    <View id={`exit-case-${c.id}`} className="card">
      <View className="exit__head">
        <Text className="exit__title">{c.triggerLabel}</Text>
        <Text id={`exit-status-${c.id}`} className="tag">
          {c.statusLabel}
        </Text>
      </View>
      <Row name="申请时间">{formatBeijing(c.appliedAt)}</Row>
      {c.desiredEndOn && <Row name="期望终止日期">{c.desiredEndOn}</Row>}
      {c.endOn && c.daysUntilEnd !== null && (
        <View id={`exit-remaining-${c.id}`} className="hint">
          约定于 {c.endOn} 终止合作，{c.daysUntilEnd > 0 ? `还有 ${c.daysUntilEnd} 天` : '今日终止'}
          ；终止前请继续服务存量客户，授权书在此之前有效（FT-17.3）。
        </View>
      )}
      {c.stages.map((s) => (
        <Stage key={s.stage} caseId={c.id} s={s} running={c.open} />
      ))}
      {c.decisionReason && <View className="hint">审批意见：{c.decisionReason}</View>}
      {c.blockers && c.blockers.length > 0 && (
        <View>
          <View className="hint">待办结事项（办结后方可启动审批）：</View>
          {c.blockers.map((b) => (
            <View key={b.id} className="exit__blocker">
              {b.label}
            </View>
          ))}
        </View>
      )}
      {c.mayWithdraw && (
        <SmallButton id={`exit-withdraw-${c.id}`} tone="danger" disabled={busy} onClick={onWithdraw}>
          撤回申请
        </SmallButton>
      )}
    </View>
  );
}

/** FT-17.3 / FT-18: the partner's 申请退出 page — precheck, the request, then the case and its deadlines. */
export default function ExitApplyPage() {
  const [pre, setPre] = useState<ExitPrecheck | null>(null);
  const [cases, setCases] = useState<ExitCase[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const form = useForm({ reason: '', desired: '' }, 'exit');
  const { reason, desired } = form.values;
  const { field } = form;
  const [commitment, setCommitment] = useState(false);
  const [errors, setErrors] = useState<ExitFormErrors>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      const [p, mine] = await Promise.all([exitPrecheck(), myExitCases()]);
      setPre(p);
      setCases(mine.items);
      setStatus(mine.partnerStatus);
      form.reset((v) => ({ ...v, desired: v.desired || p.earliestEndOn }));
    } catch (e) {
      setError(errorText(e));
    }
  }

  useSignedIn(() => {
    void load();
    void loadSubscriptions();
  });

  async function submit() {
    if (!pre || busy) return;
    void askConsent(['exit-step']); // inside the tap: WeChat asks before anything is awaited
    const form = { reason, desiredEndOn: desired.trim(), commitment };
    const found = checkExitForm(form, pre.earliestEndOn);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError('');
    try {
      await fileExit({ ...form, reason: reason.trim() });
      void Taro.showToast({ title: '已提交', icon: 'success' });
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function withdraw(id: string) {
    const { confirm } = await Taro.showModal({ title: '撤回退出申请', content: '确认撤回？撤回后合作照常继续。' });
    if (!confirm) return;
    setBusy(true);
    try {
      await withdrawExit(id);
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const exited = status === 'exited';
  return (
    <View className="page">
      <ErrorBanner message={error} />
      {exited && (
        <View id="exit-exited" className="card exit__exited">
          已退出
          <View className="hint">合作已终止：可查看历史记录，不能再提交新的事项。</View>
          {/* the history stays reachable by keyboard (the page scrolls: axe scrollable-region-focusable) */}
          <MenuItem id="exit-to-profile" url={ROUTES.intake.profile} title="伙伴资料（合同与授权书）" />
        </View>
      )}
      {cases.map((c) => (
        <CaseCard key={c.id} c={c} busy={busy} onWithdraw={() => void withdraw(c.id)} />
      ))}
      {pre && pre.mayApply && !exited && (
        <View id="exit-form" className="card">
          <View className="exit__title">退出前检查</View>
          <View id="exit-blockers">
            {pre.blockers.length === 0 ? (
              <View className="exit__ok">暂无未办结的投诉、申诉、结算或整改事项。</View>
            ) : (
              pre.blockers.map((b) => (
                <View key={b.id} id={`exit-blocker-${b.id}`} className="exit__blocker">
                  {b.label}
                </View>
              ))
            )}
          </View>
          {pre.blockers.length > 0 && <View className="hint">以上事项须在审批启动前办结；可以先提交申请。</View>}
          <Row name="最早终止日期" valueId="exit-earliest">
            {pre.earliestEndOn}
          </Row>
          <View className="hint">须提前三个月书面申请，期间继续为客户提供服务。</View>
          <TextareaField
            label="退出原因"
            {...field('reason')}
            error={errors.reason}
            maxlength={1000}
            placeholder="请说明退出原因"
          />
          <TextField
            label="期望终止日期（YYYY-MM-DD）"
            {...field('desired')}
            error={errors.desiredEndOn}
            placeholder={pre.earliestEndOn}
          />
          <View id="exit-commit" className="exit__commit" onClick={() => setCommitment((v) => !v)}>
            <Text className="exit__box">{commitment ? '☑' : '☐'}</Text>
            <Text>我承诺在合作终止前继续服务存量客户</Text>
          </View>
          <FieldError id="exit-commit-error" message={errors.commitment} />
          <ActionButton id="exit-submit" className="btn btn--primary" disabled={busy} onClick={() => void submit()}>
            提交退出申请
          </ActionButton>
        </View>
      )}
    </View>
  );
}
