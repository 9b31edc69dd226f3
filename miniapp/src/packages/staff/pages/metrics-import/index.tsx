import { useEffect } from 'react';
import { View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { ErrorBanner } from '@/components/ErrorBanner';
import { SheetDuplicate, SheetHistory, SheetRejected, SheetUploadCard } from '@/components/SheetImport';
import { useSheetImport } from '@/hooks/useSheetImport';
import { downloadTemplate, getImport, listImports, uploadMetrics } from '@/services/metrics';
import type { MetricsImport } from '@/services/types';
import { errorText } from '@/utils/errors';
import { importProgress, METRICS_SHEET } from '@/utils/metrics-import';
import { monthName } from '@/utils/score';
import '../../staff.css';

const POLL_MS = 1000;

function ImportCard({ record, duplicate }: { record: MetricsImport; duplicate: boolean }) {
  const progress = importProgress(record);
  return (
    <View id="import-result" className="card">
      {duplicate && <SheetDuplicate prefix="import" record={record} />}
      <View className="card__title">{record.fileName}</View>
      <View id="import-progress" className="staff__progress">
        <View className="staff__progress-bar" style={{ width: `${progress.percent}%` }} />
      </View>
      <View id="import-progress-text" className={record.status === 'failed' ? 'field__error' : 'hint'}>
        {progress.text}
      </View>
      {record.status === 'done' && (
        <View id="import-summary" className="staff__text">
          月份：{record.months.map(monthName).join('、') || '—'}；结算前收入 {record.summary.revenue} 条，交易成功率{' '}
          {record.summary.successRate} 条，客户数 {record.summary.customers} 条
        </View>
      )}
    </View>
  );
}

export default function MetricsImportPage() {
  const s = useSheetImport<MetricsImport>({ upload: uploadMetrics, history: listImports });
  const { outcome, setOutcome, setError, loadHistory } = s;

  // While an import is applied: poll it every second until it is done or failed.
  const applying =
    outcome && outcome.kind !== 'rejected' && !importProgress(outcome.record).finished ? outcome.record.id : '';
  useEffect(() => {
    if (!applying) return undefined;
    let stopped = false;
    const timer = setInterval(() => {
      getImport(applying)
        .then((record) => {
          if (stopped) return;
          setOutcome((prev) => (prev && prev.kind !== 'rejected' ? { ...prev, record } : prev));
          if (importProgress(record).finished) void loadHistory(record.programmeId);
        })
        .catch((err) => {
          if (!stopped) setError(`查询导入进度失败：${errorText(err)}`);
        });
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [applying]);

  async function template() {
    setError('');
    try {
      await downloadTemplate();
    } catch (err) {
      setError(`模板下载失败：${errorText(err)}`);
    }
  }

  if (!s.allowed) return <View className="page" />;
  return (
    <StaffPage>
      <SheetUploadCard kind={METRICS_SHEET} sheet={s} applying={Boolean(applying)} onTemplate={() => void template()} />

      <ErrorBanner message={s.error} />
      <SheetRejected prefix="import" outcome={outcome} />
      {outcome && outcome.kind !== 'rejected' && (
        <ImportCard record={outcome.record} duplicate={outcome.kind === 'duplicate'} />
      )}

      <SheetHistory prefix="import" items={s.history} error={s.historyError} describe={(h) => importProgress(h).text} />
    </StaffPage>
  );
}
