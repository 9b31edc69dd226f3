import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { NavButton, SmallButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TrendChart } from '@/components/TrendChart';
import { useSignedIn } from '@/hooks/useSignedIn';
import { isStaff } from '@/services/auth';
import { myExitCases } from '@/services/exit';
import { listRectifications } from '@/services/rectifications';
import { loadMyScore } from '@/services/score';
import type { CreditView, MyScore, Rectification, ScorecardView } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import {
  APPEAL_STATUS_LABEL,
  CREDIT_KIND_LABEL,
  label,
  RECTIFICATION_STATUS_LABEL,
  SOURCE_LABEL,
} from '@/utils/labels';
import {
  canSubmitPlan,
  componentPct,
  creditBreakdown,
  creditNextSteps,
  creditTrend,
  formatPoints,
  formatScore,
  monthName,
  newestFirst,
  partnerStatusBanner,
  periodName,
  scaleChart,
  scorecardNextSteps,
  scorecardTrend,
  type NextStep,
} from '@/utils/score';
import { formatBeijing } from '@/utils/time';
import './index.css';

const pointsClass = (n: number) =>
  n > 0 ? 'entry__points entry__points--plus' : n < 0 ? 'entry__points entry__points--minus' : 'entry__points';

function NextSteps({ steps }: { steps: NextStep[] }) {
  return (
    <View id="score-next" className="score__next">
      {steps.map((s) => (
        <View key={s.text} className={`score__next-item score__next-item--${s.tone}`}>
          {s.text}
        </View>
      ))}
    </View>
  );
}

function Bar({ pct, minus }: { pct: number; minus?: boolean }) {
  return (
    <View className="meter">
      <View className={minus ? 'meter__fill meter__fill--minus' : 'meter__fill'} style={{ width: `${pct}%` }} />
    </View>
  );
}

// ---------------------------------------------------------------- FT-12 scorecard

interface ScorecardProps {
  view: ScorecardView;
  /** FT-14 cases of any period still waiting for the partner's plan or the staff decision */
  openCases: Rectification[];
  onPeriod: (period: string) => void;
}

function ScorecardScore({ view, openCases, onPeriod }: ScorecardProps) {
  const r = view.result;
  const line = view.next.rectificationLine;
  const chart = scaleChart(scorecardTrend(view), [{ label: '整改线', value: line }]);
  const componentLabel = new Map(view.components.map((c) => [c.key, c.label]));
  const pending = view.pending ?? [];
  const rect = view.rectification;
  return (
    <>
      {view.suspended && (
        <View id="score-suspended" className="score__banner score__banner--bad">
          暂停合作：因异常情况合作已暂停，请配合核查并完成整改。
        </View>
      )}

      <View className="card score__summary">
        <View className="score__period">
          {periodName(view.period)} · 半年度考核
          <Text className={view.status === 'closed' ? 'tag tag--closed' : 'tag tag--replied'}>
            {view.status === 'closed' ? '已结算' : '进行中（暂估）'}
          </Text>
        </View>
        <View className="score__big">
          <Text id="score-total" className={r.total < line ? 'score__total score__total--low' : 'score__total'}>
            {formatScore(r.total)}
          </Text>
          <Text className="score__unit">/ 100 分</Text>
        </View>
        <View className="score__flags">
          {r.rectificationRequired ? (
            <Text id="score-flag" className="tag tag--breached">
              需整改
            </Text>
          ) : (
            <Text id="score-flag" className="tag tag--closed">
              未触发整改
            </Text>
          )}
          {view.onboardingRated === false && <Text className="tag">入网评分待录入</Text>}
        </View>
        <NextSteps steps={scorecardNextSteps(view)} />
        {pending.length > 0 && (
          <View className="hint">另有 {pending.length} 宗普通投诉尚在处理时限内或待确认，暂不计分。</View>
        )}
      </View>

      {(rect || r.rectificationRequired || openCases.length > 0) && (
        <View id="score-rectification" className="card">
          <View className="card__title">整改</View>
          {openCases.map((c) => (
            <View key={c.id} className="row">
              <Text className="row__key">{periodName(c.period)}</Text>
              <Text className="row__value">
                {label(RECTIFICATION_STATUS_LABEL, c.status)} · 期限 {formatBeijing(c.deadline)}
              </Text>
            </View>
          ))}
          {openCases.length > 0 ? null : rect ? (
            <>
              <View className="row">
                <Text className="row__key">状态</Text>
                <Text className="row__value">{label(RECTIFICATION_STATUS_LABEL, rect.status)}</Text>
              </View>
              <View className="row">
                <Text className="row__key">整改期限</Text>
                <Text className="row__value">{formatBeijing(rect.deadline)}</Text>
              </View>
            </>
          ) : (
            <View className="hint">半年度结算后将开启整改，届时请在期限内提交整改方案。</View>
          )}
          <NavButton id="rectification-open" url={ROUTES.rectification}>
            查看整改
          </NavButton>
        </View>
      )}

      <View className="card">
        <View className="card__title">历次得分</View>
        <TrendChart id="score-chart" chart={chart} lowBelow={line} selectedKey={view.period} onSelect={onPeriod} />
        <View className="hint">浅色为进行中的半年（暂估）；点击柱子查看该半年明细。</View>
      </View>

      <View id="score-components" className="card">
        <View className="card__title">分项得分</View>
        {view.components.map((c) => {
          const minus = c.key === 'deductions';
          return (
            <View key={c.key} id={`component-${c.key}`} className="component">
              <View className="component__head">
                <Text>{c.label}</Text>
                <Text
                  className={minus && c.points < 0 ? 'component__points component__points--minus' : 'component__points'}
                >
                  {minus
                    ? `${formatPoints(c.points)}（上限 ${formatScore(c.max)}）`
                    : `${formatScore(c.points)} / ${formatScore(c.max)}`}
                </Text>
              </View>
              <Bar pct={componentPct(c.points, c.max)} minus={minus} />
            </View>
          );
        })}
      </View>

      <View id="score-entries" className="card">
        <View className="card__title">得分明细</View>
        {view.entries.length === 0 && <View className="hint">本期暂无加减分记录</View>}
        {newestFirst(view.entries.map((e, index) => ({ ...e, index }))).map((e) => {
          const source = label(SOURCE_LABEL, e.source.entity);
          return (
            <View key={e.index} id={`entry-${e.index}`} className="entry">
              <View className="entry__head">
                <View>
                  <Text className="tag">{e.rule}</Text>
                  <Text className="entry__kind">{componentLabel.get(e.component) ?? e.component}</Text>
                </View>
                <Text className={pointsClass(e.points)}>{formatPoints(e.points)}</Text>
              </View>
              <View className="entry__reason">{e.reason}</View>
              <View className="entry__meta">
                <Text>{formatBeijing(e.at)}</Text>
                {e.source.entity === 'complaint' ? (
                  <Text className="entry__link" onClick={() => Taro.navigateTo({ url: ROUTES.detail(e.source.id) })}>
                    来源：{source} ›
                  </Text>
                ) : (
                  <Text>来源：{source}</Text>
                )}
              </View>
            </View>
          );
        })}
        <View className="hint">时间均为北京时间。</View>
      </View>
    </>
  );
}

// ---------------------------------------------------------------- MG credit

function CreditScore({ view }: { view: CreditView }) {
  /** The entry a reversing entry (MG-1, upheld appeal) points at. */
  const reversed = (id?: string) => (id ? view.entries.find((x) => x.id === id) : undefined);
  const line = view.next.aClassThreshold ?? 85;
  const chart = scaleChart(creditTrend(view), [{ label: 'A类线', value: line }]);
  const breakdown = creditBreakdown(view.entries);
  return (
    <>
      {view.status === 'exited' && (
        <View id="score-suspended" className="score__banner score__banner--bad">
          账户已退出合作，积分仅供查看。
        </View>
      )}
      {view.settlementHold && (
        <View id="score-settlement-hold" className="score__banner score__banner--warn">
          结算暂停{view.settlementHeldUntil ? `至 ${view.settlementHeldUntil}` : ''}：存在未结清的退款或严重违规处罚。
        </View>
      )}

      <View className="card score__summary">
        <View className="score__period">渠道信用积分{view.openMonth ? ` · ${monthName(view.openMonth)}` : ''}</View>
        <View className="score__big">
          <Text id="score-total" className="score__total">
            {formatScore(view.score)}
          </Text>
          <Text className="score__unit">/ 100 分</Text>
        </View>
        <View className="score__flags">
          <Text id="score-tier" className="tag tag--replied">
            {view.tierLabel}
          </Text>
          {view.aClass ? (
            <Text id="score-flag" className="tag tag--closed">
              A类渠道
            </Text>
          ) : (
            <Text id="score-flag" className="tag">
              非A类
            </Text>
          )}
        </View>
        <NextSteps steps={creditNextSteps(view)} />
      </View>

      <View className="card">
        <View className="card__title">月度积分走势</View>
        <TrendChart id="score-chart" chart={chart} />
        <View className="hint">月末积分；浅色为本月（尚未结账）。</View>
      </View>

      <View id="score-components" className="card">
        <View className="card__title">积分构成</View>
        {breakdown.map((b) => (
          <View key={b.kind} id={`component-${b.kind}`} className="component">
            <View className="component__head">
              <Text>{label(CREDIT_KIND_LABEL, b.kind)}</Text>
              <Text className={b.points < 0 ? 'component__points component__points--minus' : 'component__points'}>
                {formatPoints(b.points)}
              </Text>
            </View>
            <Bar pct={componentPct(b.points, 100)} minus={b.points < 0} />
          </View>
        ))}
        {breakdown.length === 0 && <View className="hint">暂无积分记录</View>}
      </View>

      <View id="score-entries" className="card">
        <View className="score__entries-head">
          <Text className="card__title">积分明细</Text>
          <Text id="appeals-open" className="entry__link" onClick={() => Taro.navigateTo({ url: ROUTES.appeal() })}>
            我的申诉 ›
          </Text>
        </View>
        {view.entries.length === 0 && <View className="hint">暂无积分记录</View>}
        {newestFirst(view.entries).map((e) => (
          <View key={e.id} id={`entry-${e.id}`} className="entry">
            <View className="entry__head">
              <View>
                <Text className="tag">{e.rule}</Text>
                <Text className="entry__kind">{label(CREDIT_KIND_LABEL, e.kind)}</Text>
                {e.reversed && <Text className="tag tag--closed">已冲正</Text>}
              </View>
              <Text className={pointsClass(e.applied)}>{formatPoints(e.applied)}</Text>
            </View>
            <View className="entry__reason">{e.reason}</View>
            <View className="entry__meta">
              <Text>{formatBeijing(e.at)}</Text>
              <Text>
                {monthName(e.month)} · 变动后 {formatScore(e.scoreAfter)} 分
              </Text>
            </View>
            {e.ref && e.kind !== 'reversal' && <View className="entry__meta">关联：{e.ref}</View>}
            {e.kind === 'reversal' && reversed(e.ref) && (
              <View className="entry__meta">
                冲正：{monthName(reversed(e.ref)!.month)} {reversed(e.ref)!.reason}
              </View>
            )}
            {(e.appeal || e.appealable) && (
              <View className="entry__appeal">
                {e.appeal && (
                  <Text id={`appeal-status-${e.id}`} className={`tag appeal-tag--${e.appeal.status}`}>
                    {label(APPEAL_STATUS_LABEL, e.appeal.status)}
                  </Text>
                )}
                {e.appealable && (
                  <SmallButton id={`appeal-open-${e.id}`} onClick={() => Taro.navigateTo({ url: ROUTES.appeal(e.id) })}>
                    申诉
                  </SmallButton>
                )}
              </View>
            )}
          </View>
        ))}
        <View className="hint">时间均为北京时间；扣分记录可在结果公布后提出申诉。</View>
      </View>
    </>
  );
}

// ---------------------------------------------------------------- page

export default function ScorePage() {
  const [score, setScore] = useState<MyScore | null>(null);
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [staff, setStaff] = useState(false);
  const [openCases, setOpenCases] = useState<Rectification[]>([]);
  const [partnerBanner, setPartnerBanner] = useState('');

  async function load(p?: string) {
    setLoading(true);
    setError('');
    try {
      const next = await loadMyScore(p);
      setScore(next);
      // best effort: whether the partnership has ended (the credit view says so itself)
      if (next.kind !== 'credit')
        void myExitCases().then(
          (m) => setPartnerBanner(partnerStatusBanner(m.partnerStatus)),
          () => undefined,
        );
      // FT-14 cases are opened by the close of an earlier half-year: list those still in progress (best effort)
      if (next.kind === 'scorecard')
        setOpenCases((await listRectifications().catch(() => [])).filter((c) => canSubmitPlan(c)));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }

  useSignedIn((me) => {
    if (isStaff(me)) {
      setStaff(true);
      return;
    }
    void load(period);
  });

  usePullDownRefresh(() => {
    void load(period).finally(() => Taro.stopPullDownRefresh());
  });

  function choosePeriod(p: string) {
    if (score?.kind !== 'scorecard' || p === score.view.period) return;
    // the current half-year is the default one: drop the parameter so "current" keeps following the calendar
    const current = score.view.history.find((h) => h.status === 'open')?.period;
    const next = p === current ? undefined : p;
    setPeriod(next);
    void load(next);
  }

  return (
    <View className="page score">
      <ErrorBanner message={error} />
      {staff && (
        <View id="score-empty" className="empty">
          评分页面供合作伙伴查看本方的考核得分或信用积分。
        </View>
      )}
      {!staff && !score && !error && <View className="empty">加载中…</View>}
      {score?.kind === 'none' && (
        <View id="score-empty" className="empty">
          <View>暂无评分</View>
          <View className="hint">贵方所在的合作计划尚未开启半年度考核或信用积分，如有疑问请联系客户经理。</View>
        </View>
      )}
      {partnerBanner && score?.kind !== 'credit' && (
        <View id="score-partner-status" className="score__banner score__banner--bad">
          {partnerBanner}
        </View>
      )}
      {score?.kind === 'scorecard' && (
        <ScorecardScore view={score.view} openCases={openCases} onPeriod={choosePeriod} />
      )}
      {score?.kind === 'credit' && <CreditScore view={score.view} />}
      {loading && score && <View className="hint score__loading">刷新中…</View>}
    </View>
  );
}
