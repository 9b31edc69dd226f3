import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { NavButton, SubmitButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Row } from '@/components/ListState';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { closePeriod } from '@/services/scorecards';
import type { ClosePeriodReport } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { periodBounds, periodEnded, recentPeriods } from '@/utils/period';
import { formatScore, periodName, periodOptions } from '@/utils/score';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

export default function ClosePeriodPage() {
  const periods = recentPeriods(Date.now(), 4);
  // the latest half-year that has ended is the one to close
  const [period, setPeriod] = useState(periods[1]);
  const [report, setReport] = useState<ClosePeriodReport | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const allowed = useStaffGuard();

  function choose(p: string) {
    setPeriod(p);
    setReport(null);
    setError('');
  }

  async function close() {
    if (busy) return;
    const { confirm } = await Taro.showModal({
      title: '确认结算',
      content: `结算${periodName(period)}：冻结所有伙伴的得分，低于整改线的将开启整改。结算后入网评分、安全事件等不能再修改。`,
      confirmText: '结算',
    });
    if (!confirm) return;
    setBusy(true);
    setError('');
    try {
      setReport(await closePeriod(period));
    } catch (err) {
      setReport(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!allowed) return <View className="page" />;
  const ended = periodEnded(period, Date.now());
  const rectifications = report?.partners.filter((p) => p.rectificationRequired).length ?? 0;
  return (
    <StaffPage>
      <View className="card">
        <View className="field__label">考核期</View>
        <Chips idPrefix="close-period" options={periodOptions(periods)} value={period} onChange={choose} />
        <View id="close-hint" className="hint">
          {ended
            ? `${periodName(period)}已于 ${formatBeijing(periodBounds(period).endMs)} 结束，可以结算；重复结算不会改变已冻结的结果。`
            : `${periodName(period)}尚未结束（${formatBeijing(periodBounds(period).endMs)} 结束），结算会被拒绝。`}
        </View>
        <SubmitButton id="close-submit" busy={busy} onClick={() => void close()}>
          结算{periodName(period)}
        </SubmitButton>
      </View>
      <ErrorBanner message={error} />
      {report && (
        <View id="close-result" className="card">
          <View id="close-summary" className="card__title">
            {report.newlyClosed > 0
              ? `已结算 ${report.newlyClosed} 家伙伴`
              : `${periodName(report.period)}此前已结算，本次未作改动`}
            ，共 {report.partners.length} 家，{rectifications} 家需整改
          </View>
          {report.partners.map((p) => (
            <Row key={p.partnerId} id={`close-row-${p.partnerId}`} name={p.partnerName}>
              {formatScore(p.total)} 分{p.rectificationRequired ? '，需整改' : ''}
              {p.newlyClosed ? '' : '（此前已结算）'}
            </Row>
          ))}
          {!report.partners.length && <View className="hint">该考核期没有参与考核的伙伴</View>}
          {rectifications > 0 && (
            <NavButton id="close-to-rectifications" url={ROUTES.staffRectifications}>
              查看整改事项
            </NavButton>
          )}
        </View>
      )}
    </StaffPage>
  );
}
