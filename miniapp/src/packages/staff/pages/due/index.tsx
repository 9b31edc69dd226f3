import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { Countdown } from '@/components/Countdown';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty } from '@/components/ListState';
import { ProgrammeFilterFields } from '@/components/ProgrammeFilter';
import { ALL, useLatestRequest, useProgrammeFilter } from '@/hooks/useProgrammeFilter';
import { StatusTags } from '@/components/Tags';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { complaintQueue } from '@/services/sla';
import type { Complaint } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { label, KIND_LABEL } from '@/utils/labels';
import { workingLeftText } from '@/utils/sla';
import { clockOffsetMs, formatBeijing } from '@/utils/time';
import '../../staff.css';

/** 临期投诉 (WT-4): running complaints of every partner, my own registrations first, then by working time left. */
export default function DueQueuePage() {
  const f = useProgrammeFilter();
  const [items, setItems] = useState<Complaint[]>([]);
  const [offsetMs, setOffsetMs] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const next = useLatestRequest();

  async function load(pg = f.programmeId, pt = f.partnerId) {
    const current = next();
    setError('');
    try {
      const list = await complaintQueue(f.query(pg, pt));
      if (!current()) return;
      const deviceNow = Date.now();
      setItems(list);
      if (list.length) setOffsetMs(clockOffsetMs(list[0].serverNow, deviceNow));
    } catch (err) {
      if (!current()) return;
      setItems([]);
      setError(errorText(err));
    }
    setLoaded(true);
  }

  async function start() {
    await f.loadChoices().catch((err) => setError(errorText(err)));
    await load();
  }

  const allowed = useStaffGuard(() => void start());
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  if (!allowed) return <View className="page" />;
  return (
    <StaffPage>
      <View className="card">
        <ProgrammeFilterFields
          idPrefix="due"
          filter={f}
          onProgramme={(id) => {
            f.chooseProgramme(id);
            void load(id, ALL);
          }}
          onPartner={(id) => {
            f.choosePartner(id);
            void load(f.programmeId, id);
          }}
        />
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
      <Empty id="due-empty" show={loaded && !items.length && !error}>
        暂无临期投诉
      </Empty>
    </StaffPage>
  );
}
