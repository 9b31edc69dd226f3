import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Chips } from '@/components/Chips';
import { Countdown } from '@/components/Countdown';
import { ErrorBanner } from '@/components/ErrorBanner';
import { StatusTags } from '@/components/Tags';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { listPartners } from '@/services/partners';
import { listProgrammes } from '@/services/programmes';
import { complaintQueue } from '@/services/sla';
import type { Complaint, Partner, Programme } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { label, KIND_LABEL } from '@/utils/labels';
import { workingLeftText } from '@/utils/sla';
import { clockOffsetMs, formatBeijing } from '@/utils/time';
import '../../staff.css';

const ALL = 'all';

/** 临期投诉 (WT-4): running complaints of every partner, my own registrations first, then by working time left. */
export default function DueQueuePage() {
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [programmeId, setProgrammeId] = useState(ALL);
  const [partnerId, setPartnerId] = useState(ALL);
  const [items, setItems] = useState<Complaint[]>([]);
  const [offsetMs, setOffsetMs] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  // only the latest request's answer is shown (a filter chosen while the first load runs)
  const latest = useRef(0);

  async function load(pg = programmeId, pt = partnerId) {
    const mine = ++latest.current;
    setError('');
    try {
      const list = await complaintQueue({
        programmeId: pg === ALL ? undefined : pg,
        partnerId: pt === ALL ? undefined : pt,
      });
      if (mine !== latest.current) return;
      const deviceNow = Date.now();
      setItems(list);
      if (list.length) setOffsetMs(clockOffsetMs(list[0].serverNow, deviceNow));
    } catch (err) {
      if (mine !== latest.current) return;
      setItems([]);
      setError(errorText(err));
    }
    setLoaded(true);
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
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  function chooseProgramme(id: string) {
    setProgrammeId(id);
    setPartnerId(ALL);
    void load(id, ALL);
  }
  function choosePartner(id: string) {
    setPartnerId(id);
    void load(programmeId, id);
  }

  if (!allowed) return <View className="page" />;
  const shownPartners = partners.filter((p) => programmeId === ALL || p.programmeId === programmeId);
  return (
    <View className="page">
      <View className="card">
        <View className="field">
          <Text className="field__label">项目</Text>
          <Chips
            idPrefix="due-programme"
            options={[{ value: ALL, label: '全部' }, ...programmes.map((p) => ({ value: p.id, label: p.name }))]}
            value={programmeId}
            onChange={chooseProgramme}
          />
        </View>
        <View className="field">
          <Text className="field__label">伙伴</Text>
          <Chips
            idPrefix="due-partner"
            options={[{ value: ALL, label: '全部' }, ...shownPartners.map((p) => ({ value: p.id, label: p.name }))]}
            value={partnerId}
            onChange={choosePartner}
          />
        </View>
        <View className="hint">我登记的排在前面，其余按剩余工作时间（各项目的投诉计时时段内）从少到多。</View>
      </View>

      <ErrorBanner message={error} />

      <View id="due-list">
        {items.map((c) => (
          <View
            key={c.id}
            id={`due-${c.id}`}
            className="card item"
            onClick={() => Taro.navigateTo({ url: ROUTES.detail(c.id) })}
          >
            <View className="staff__head">
              <Text className="staff__name">{c.no}</Text>
              <Text className="hint">{label(KIND_LABEL, c.kind)}投诉</Text>
            </View>
            <View className="staff__text">{c.partnerName}</View>
            <View className="staff__text">{c.summary}</View>
            <View>
              <StatusTags complaint={c} />
            </View>
            <View className="staff__head">
              <Countdown id={`due-countdown-${c.id}`} complaint={c} offsetMs={offsetMs} />
              <Text id={`due-working-${c.id}`} className="hint">
                {workingLeftText(c.workingMsLeft)}
              </Text>
            </View>
            <View className="hint">
              受理 {formatBeijing(c.receivedAt)} · 截止 {formatBeijing(c.dueAt)}
              {c.provisional ? '（暂定）' : ''}
            </View>
          </View>
        ))}
      </View>
      {loaded && !items.length && !error && (
        <View id="due-empty" className="empty">
          暂无临期投诉
        </View>
      )}
    </View>
  );
}
