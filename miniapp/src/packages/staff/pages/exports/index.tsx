import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { exportCreditMonth } from '@/services/metrics';
import { exportScorecards } from '@/services/scorecards';
import { errorText } from '@/utils/errors';
import { monthOf, recentPeriods } from '@/utils/period';
import { monthName, periodName } from '@/utils/score';
import '../../staff.css';

type Job = 'scorecards' | 'credit';

export default function ExportsPage() {
  const now = Date.now();
  const periods = recentPeriods(now, 4);
  const months = Array.from({ length: 6 }, (_, i) => monthOf(now, -i));
  const [period, setPeriod] = useState(periods[0]);
  // last month is the latest month-end close
  const [month, setMonth] = useState(months[1]);
  const [running, setRunning] = useState<Job | ''>('');
  const [error, setError] = useState('');
  const allowed = useStaffGuard();

  async function run(job: Job) {
    if (running) return;
    setRunning(job);
    setError('');
    try {
      await (job === 'scorecards' ? exportScorecards(period) : exportCreditMonth(month));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setRunning('');
    }
  }

  if (!allowed) return <View className="page" />;
  return (
    <View className="page">
      <ErrorBanner message={error} />
      <View className="card">
        <View className="card__title">半年度考核结果</View>
        <Chips
          idPrefix="export-period"
          options={periods.map((p) => ({ value: p, label: periodName(p) }))}
          value={period}
          onChange={setPeriod}
        />
        <Text className="hint">
          每家伙伴一行：各项得分、扣分、总分、是否需整改、整改状态、是否暂停。未结算的为临时分。
        </Text>
        <ActionButton
          id="export-scorecards"
          className="btn btn--primary"
          loading={running === 'scorecards'}
          disabled={Boolean(running)}
          onClick={() => void run('scorecards')}
        >
          导出{periodName(period)}考核结果（Excel）
        </ActionButton>
      </View>
      <View className="card">
        <View className="card__title">信用积分月报</View>
        <Chips
          idPrefix="export-month"
          options={months.map((m) => ({ value: m, label: monthName(m) }))}
          value={month}
          onChange={setMonth}
        />
        <Text className="hint">各渠道月末积分与等级。</Text>
        <ActionButton
          id="export-credit"
          className="btn btn--primary"
          loading={running === 'credit'}
          disabled={Boolean(running)}
          onClick={() => void run('credit')}
        >
          导出{monthName(month)}积分月报（Excel）
        </ActionButton>
      </View>
    </View>
  );
}
