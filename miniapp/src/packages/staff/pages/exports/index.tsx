import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { SubmitButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { exportCreditMonth } from '@/services/metrics';
import { exportScorecards } from '@/services/scorecards';
import { errorText } from '@/utils/errors';
import { monthOf, recentPeriods } from '@/utils/period';
import { monthName, monthOptions, periodName, periodOptions } from '@/utils/score';
import '../../staff.css';

type Job = 'scorecards' | 'credit';

/** One export: what to export (chips), a note, and the download button (`#export-<job>`). */
function ExportCard({
  title,
  chips,
  note,
  job,
  running,
  onRun,
  label,
}: {
  title: string;
  chips: {
    idPrefix: string;
    options: { value: string; label: string }[];
    value: string;
    onChange: (v: string) => void;
  };
  note: string;
  job: Job;
  running: Job | '';
  onRun: (job: Job) => void;
  label: string;
}) {
  return (
    <View className="card">
      <View className="card__title">{title}</View>
      <Chips {...chips} />
      <Text className="hint">{note}</Text>
      <SubmitButton id={`export-${job}`} busy={running === job} disabled={Boolean(running)} onClick={() => onRun(job)}>
        {label}
      </SubmitButton>
    </View>
  );
}

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

  const cards = [
    {
      job: 'scorecards' as const,
      title: '半年度考核结果',
      chips: { idPrefix: 'export-period', options: periodOptions(periods), value: period, onChange: setPeriod },
      note: '每家伙伴一行：各项得分、扣分、总分、是否需整改、整改状态、是否暂停。未结算的为临时分。',
      label: `导出${periodName(period)}考核结果（Excel）`,
    },
    {
      job: 'credit' as const,
      title: '信用积分月报',
      chips: { idPrefix: 'export-month', options: monthOptions(months), value: month, onChange: setMonth },
      note: '各渠道月末积分与等级。',
      label: `导出${monthName(month)}积分月报（Excel）`,
    },
  ];

  if (!allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={error} />
      {cards.map((c) => (
        <ExportCard key={c.job} {...c} running={running} onRun={(job) => void run(job)} />
      ))}
    </StaffPage>
  );
}
