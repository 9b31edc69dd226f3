import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TrendChart } from '@/components/TrendChart';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { listPartners } from '@/services/partners';
import { listProgrammes } from '@/services/programmes';
import { exportSlaReport, slaReport, type SlaFilter } from '@/services/sla';
import type { Partner, Programme, SlaReport } from '@/services/types';
import { errorText } from '@/utils/errors';
import { monthOf, recentPeriods } from '@/utils/period';
import { periodName, scaleChart } from '@/utils/score';
import { hoursText, shareText, slaTrend } from '@/utils/sla';
import '../../staff.css';
import './index.css';

const ALL = 'all';
const COLUMNS = ['投诉', '时限内', '超时', '处理中', '时限内占比', '回复中位数', '升级'];

/** 投诉时效报表 (FT-12a): per partner and month of a half-year, with the trend and the Excel download. */
export default function SlaReportPage() {
  const periods = recentPeriods(Date.now(), 4);
  const [period, setPeriod] = useState(periods[0]);
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [programmeId, setProgrammeId] = useState(ALL);
  const [partnerId, setPartnerId] = useState(ALL);
  const [report, setReport] = useState<SlaReport | null>(null);
  const [error, setError] = useState('');
  const [exporting, setExporting] = useState(false);

  const filter = (pg: string, pt: string): SlaFilter => ({
    programmeId: pg === ALL ? undefined : pg,
    partnerId: pt === ALL ? undefined : pt,
  });

  // only the latest request's answer is shown (a filter chosen while the first load runs)
  const latest = useRef(0);

  async function load(p = period, pg = programmeId, pt = partnerId) {
    const mine = ++latest.current;
    setError('');
    try {
      const r = await slaReport(p, filter(pg, pt));
      if (mine === latest.current) setReport(r);
    } catch (err) {
      if (mine !== latest.current) return;
      setReport(null);
      setError(errorText(err));
    }
  }

  async function start() {
    try {
      const [pgs, pts] = await Promise.all([listProgrammes(), listPartners()]);
      setProgrammes(pgs);
      setPartners(pts);
    } catch (err) {
      setError(errorText(err));
    }
    await load();
  }
  const allowed = useStaffGuard(() => void start());

  async function download() {
    if (exporting) return;
    setExporting(true);
    setError('');
    try {
      await exportSlaReport(period, filter(programmeId, partnerId));
    } catch (err) {
      setError(`导出失败：${errorText(err)}`);
    } finally {
      setExporting(false);
    }
  }

  if (!allowed) return <View className="page" />;
  const shownPartners = partners.filter((p) => programmeId === ALL || p.programmeId === programmeId);
  const chart = report ? scaleChart(slaTrend(report, monthOf(Date.now())), [], { step: 10 }) : null;
  const rows = report ? [...report.partners.map((p) => ({ key: p.partnerId, name: p.partnerName, f: p }))] : [];
  if (report)
    rows.push({ key: 'total', name: '合计', f: { ...report.total, partnerId: 'total', partnerName: '合计' } });
  return (
    <View className="page">
      <View className="card">
        <View className="field">
          <Text className="field__label">考核期</Text>
          <Chips
            idPrefix="sla-period"
            options={periods.map((p) => ({ value: p, label: periodName(p) }))}
            value={period}
            onChange={(p) => {
              setPeriod(p);
              void load(p);
            }}
          />
        </View>
        <View className="field">
          <Text className="field__label">项目</Text>
          <Chips
            idPrefix="sla-programme"
            options={[{ value: ALL, label: '全部' }, ...programmes.map((p) => ({ value: p.id, label: p.name }))]}
            value={programmeId}
            onChange={(id) => {
              setProgrammeId(id);
              setPartnerId(ALL);
              void load(period, id, ALL);
            }}
          />
        </View>
        <View className="field">
          <Text className="field__label">伙伴</Text>
          <Chips
            idPrefix="sla-partner"
            options={[{ value: ALL, label: '全部' }, ...shownPartners.map((p) => ({ value: p.id, label: p.name }))]}
            value={partnerId}
            onChange={(id) => {
              setPartnerId(id);
              void load(period, programmeId, id);
            }}
          />
        </View>
        <ActionButton
          id="sla-export"
          className="btn btn--primary"
          loading={exporting}
          disabled={exporting}
          onClick={() => void download()}
        >
          导出{periodName(period)}投诉时效报表（Excel）
        </ActionButton>
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
    </View>
  );
}
