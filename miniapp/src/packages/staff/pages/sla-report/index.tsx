import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { SubmitButton } from '@/components/ActionButton';
import { ChipsField } from '@/components/Field';
import { ErrorBanner } from '@/components/ErrorBanner';
import { ProgrammeFilterFields } from '@/components/ProgrammeFilter';
import { TrendChart } from '@/components/TrendChart';
import { ALL, useLatestRequest, useProgrammeFilter } from '@/hooks/useProgrammeFilter';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { exportSlaReport, slaReport } from '@/services/sla';
import type { SlaReport } from '@/services/types';
import { errorText } from '@/utils/errors';
import { monthOf, recentPeriods } from '@/utils/period';
import { periodName, periodOptions, scaleChart } from '@/utils/score';
import { hoursText, shareText, slaTrend } from '@/utils/sla';
import '../../staff.css';
import './index.css';
const COLUMNS = ['投诉', '时限内', '超时', '处理中', '时限内占比', '回复中位数', '升级'];

/** 投诉时效报表 (FT-12a): per partner and month of a half-year, with the trend and the Excel download. */
export default function SlaReportPage() {
  const periods = recentPeriods(Date.now(), 4);
  const [period, setPeriod] = useState(periods[0]);
  const f = useProgrammeFilter();
  const [report, setReport] = useState<SlaReport | null>(null);
  const [error, setError] = useState('');
  const [exporting, setExporting] = useState(false);
  const next = useLatestRequest();

  async function load(p = period, pg = f.programmeId, pt = f.partnerId) {
    const current = next();
    setError('');
    try {
      const r = await slaReport(p, f.query(pg, pt));
      if (current()) setReport(r);
    } catch (err) {
      if (!current()) return;
      setReport(null);
      setError(errorText(err));
    }
  }

  async function start() {
    await f.loadChoices().catch((err) => setError(errorText(err)));
    await load();
  }
  const allowed = useStaffGuard(() => void start());

  async function download() {
    if (exporting) return;
    setExporting(true);
    setError('');
    try {
      await exportSlaReport(period, f.query(f.programmeId, f.partnerId));
    } catch (err) {
      setError(`导出失败：${errorText(err)}`);
    } finally {
      setExporting(false);
    }
  }

  if (!allowed) return <View className="page" />;
  const chart = report ? scaleChart(slaTrend(report, monthOf(Date.now())), [], { step: 10 }) : null;
  const rows = report ? [...report.partners.map((p) => ({ key: p.partnerId, name: p.partnerName, f: p }))] : [];
  if (report)
    rows.push({ key: 'total', name: '合计', f: { ...report.total, partnerId: 'total', partnerName: '合计' } });
  return (
    <StaffPage>
      <View className="card">
        <ChipsField
          label="考核期"
          id="sla-period"
          options={periodOptions(periods)}
          value={period}
          onChange={(p) => {
            setPeriod(p);
            void load(p);
          }}
        />
        <ProgrammeFilterFields
          idPrefix="sla"
          filter={f}
          onProgramme={(id) => {
            f.chooseProgramme(id);
            void load(period, id, ALL);
          }}
          onPartner={(id) => {
            f.choosePartner(id);
            void load(period, f.programmeId, id);
          }}
        />
        <SubmitButton id="sla-export" busy={exporting} onClick={() => void download()}>
          导出{periodName(period)}投诉时效报表（Excel）
        </SubmitButton>
      </View>

      <ErrorBanner message={error} />

      {report && (
        <View id="sla-summary" className="card">
          <View className="card__title">{periodName(report.period)}</View>
          <View className="staff__head">
            <Text className="staff__text">
              投诉 <Text id="sla-total-complaints">{report.total.complaints}</Text> 件，时限内有效回复{' '}
              {report.total.withinSla} 件，超时 {report.total.late} 件
            </Text>
            <Text id="sla-total-share" className="staff__score">
              {shareText(report.total.shareWithinSla)}
            </Text>
          </View>
          <View className="hint">
            有效回复工作时长中位数 {hoursText(report.total.medianWorkingMsToReply)}；升级投诉 {report.total.escalated}{' '}
            件
          </View>
        </View>
      )}

      {chart && (
        <View className="card">
          <View className="card__title">时限内占比趋势（%）</View>
          <TrendChart id="sla-trend" chart={chart} />
        </View>
      )}

      {report && (
        <View id="sla-table" className="card sla__table">
          <View className="card__title">各伙伴</View>
          <View className="staff__tr staff__th">
            <Text className="staff__td sla__name">伙伴</Text>
            {COLUMNS.map((c) => (
              <Text key={c} className="staff__td">
                {c}
              </Text>
            ))}
          </View>
          {!report.partners.length && <View className="hint">本期暂无投诉</View>}
          {rows.map(({ key, name, f }) => (
            <View key={key} id={`sla-row-${key}`} className="staff__tr">
              <Text className="staff__td sla__name">{name}</Text>
              <Text className="staff__td">{f.complaints}</Text>
              <Text className="staff__td">{f.withinSla}</Text>
              <Text className="staff__td">{f.late}</Text>
              <Text className="staff__td">{f.open}</Text>
              <Text id={`sla-share-${key}`} className="staff__td">
                {shareText(f.shareWithinSla)}
              </Text>
              <Text className="staff__td">{hoursText(f.medianWorkingMsToReply)}</Text>
              <Text className="staff__td">{f.escalated}</Text>
            </View>
          ))}
          <View className="hint">时限内占比 = 时限内有效回复 ÷（时限内 + 超时）；处理中的不计入。</View>
        </View>
      )}
    </StaffPage>
  );
}
