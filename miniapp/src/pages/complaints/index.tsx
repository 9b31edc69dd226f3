import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { NavButton } from '@/components/ActionButton';
import { Countdown } from '@/components/Countdown';
import { ErrorBanner } from '@/components/ErrorBanner';
import { StatusTags } from '@/components/Tags';
import { useSignedIn } from '@/hooks/useSignedIn';
import { isStaff } from '@/services/auth';
import { listComplaints } from '@/services/complaints';
import { askOnFirstComplaints } from '@/services/subscriptions';
import type { Complaint } from '@/services/types';
import { ROUTES } from '@/routes';
import { homeOf } from '@/utils/staff';
import { errorText } from '@/utils/errors';
import { label, KIND_LABEL } from '@/utils/labels';
import { clockOffsetMs, formatBeijing } from '@/utils/time';
import './index.css';

const PAGE_SIZE = 20;

export default function ComplaintListPage() {
  const [items, setItems] = useState<Complaint[]>([]);
  const [total, setTotal] = useState(0);
  const [offsetMs, setOffsetMs] = useState(0);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const [staff, setStaff] = useState(false);
  const pageRef = useRef(1);

  async function load(page: number) {
    setLoading(true);
    setError('');
    try {
      const res = await listComplaints({ page, pageSize: PAGE_SIZE });
      const deviceNow = Date.now();
      pageRef.current = page;
      setItems((prev) => (page === 1 ? res.items : [...prev, ...res.items]));
      setTotal(res.total);
      if (res.items.length) setOffsetMs(clockOffsetMs(res.items[0].serverNow, deviceNow));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
      setLoaded(true);
    }
  }

  useSignedIn((me) => {
    if (homeOf(me) !== ROUTES.complaints) return void Taro.reLaunch({ url: homeOf(me) });
    setStaff(isStaff(me));
    Taro.setNavigationBarTitle({ title: isStaff(me) ? '投诉列表' : '我的投诉' });
    void load(1);
    if (!isStaff(me)) void askOnFirstComplaints();
  });

  usePullDownRefresh(() => {
    void load(1).finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    if (!loading && items.length < total) void load(pageRef.current + 1);
  });

  return (
    <View className="page">
      {staff && (
        <NavButton id="register-open" className="btn btn--primary list__register" url={ROUTES.register}>
          投诉登记
        </NavButton>
      )}

      <ErrorBanner message={error} />

      <View id="complaint-list">
        {items.map((c) => (
          <View
            key={c.id}
            id={`complaint-${c.id}`}
            className="card item"
            onClick={() => Taro.navigateTo({ url: ROUTES.detail(c.id) })}
          >
            <View className="item__head">
              <Text className="item__no">{c.no}</Text>
              <Text className="item__kind">{label(KIND_LABEL, c.kind)}投诉</Text>
            </View>
            {staff && <View className="item__partner">{c.partnerName}</View>}
            <View className="item__summary">{c.summary}</View>
            <View className="item__tags">
              <StatusTags complaint={c} />
            </View>
            <View className="item__foot">
              <Countdown id={`countdown-${c.id}`} complaint={c} offsetMs={offsetMs} />
              <Text className="item__due">
                截止 {formatBeijing(c.dueAt)}
                {c.provisional ? '（暂定）' : ''}
              </Text>
            </View>
          </View>
        ))}
      </View>

      {loaded && !items.length && !error && <View className="empty">暂无投诉</View>}
      {items.length > 0 && (
        <View className="hint list__more">
          {loading ? '加载中…' : items.length < total ? '上拉加载更多' : `共 ${total} 条`}
        </View>
      )}
    </View>
  );
}
