import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { exportScorecards, getBoard } from '@/services/scorecards';
import type { BoardItem } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { isPeriod, recentPeriods } from '@/utils/period';
import { formatScore, periodName } from '@/utils/score';
import '../../staff.css';

function BoardRow({ item, period }: { item: BoardItem; period: string }) {
  const closed = item.status === 'closed';
  return (
    <View id={`board-row-${item.partnerId}`} className="card">
      <View className="staff__head">
        <Text className="staff__name">{item.partnerName}</Text>
        <Text
          id={`board-total-${item.partnerId}`}
          className={item.rectificationRequired ? 'staff__score staff__score--low' : 'staff__score'}
        >
          {formatScore(item.total)}
        </Text>
      </View>
      <View>
        <Text className={closed ? 'tag tag--closed' : 'tag tag--replied'}>{closed ? '已结算' : '进行中·临时'}</Text>
        {item.rectificationRequired && <Text className="tag tag--danger">需整改</Text>}
        {item.suspended && (
          <Text id={`board-suspended-${item.partnerId}`} className="tag tag--danger">
            已暂停合作
          </Text>
        )}
        {item.pending > 0 && <Text className="tag tag--warn">{item.pending} 条投诉待定</Text>}
      </View>
      <View className="staff__actions">
        <ActionButton
          id={`board-onboarding-${item.partnerId}`}
          className="btn btn--default btn--small"
          size="mini"
          onClick={() => Taro.navigateTo({ url: ROUTES.onboarding(item.partnerId, period) })}
        >
          入网评分
        </ActionButton>
        <ActionButton
          id={`board-incidents-${item.partnerId}`}
          className="btn btn--default btn--small"
          size="mini"
          onClick={() => Taro.navigateTo({ url: ROUTES.incidents(item.partnerId, period) })}
        >
          安全事件
        </ActionButton>
      </View>
    </View>
  );
}

export default function BoardPage() {
  const router = useRouter();
  const periods = recentPeriods(Date.now(), 4);
  const initial = router.params.period && isPeriod(router.params.period) ? router.params.period : periods[0];
  const [period, setPeriod] = useState(initial);
  const [items, setItems] = useState<BoardItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  const [exporting, setExporting] = useState(false);

  async function load(p: string) {
    setLoading(true);
    setError('');
    try {
      const board = await getBoard(p);
      // lowest score first: the partners that need attention
      setItems([...board.items].sort((a, b) => a.total - b.total));
    } catch (err) {
      setItems([]);
      setError(errorText(err));
    } finally {
      setLoading(false);
      setLoaded(true);
    }
  }

  const allowed = useStaffGuard(() => void load(period));

  function choose(p: string) {
    setPeriod(p);
    void load(p);
  }

  async function exportXlsx() {
    if (exporting) return;
    setExporting(true);
    setError('');
    try {
      await exportScorecards(period);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setExporting(false);
    }
  }

  if (!allowed) return <View className="page" />;
  const options = (periods.includes(period) ? periods : [period, ...periods]).map((p) => ({
    value: p,
    label: periodName(p),
  }));
  return (
    <View className="page">
      <View className="card">
        <View className="field__label">考核期</View>
        <Chips idPrefix="board-period" options={options} value={period} onChange={choose} />
        <ActionButton
          id="board-export"
          className="btn btn--default"
          loading={exporting}
          disabled={exporting}
          onClick={() => void exportXlsx()}
        >
          导出本期考核结果（Excel）
        </ActionButton>
      </View>
      <ErrorBanner message={error} />
      {loading && (
        <View id="board-loading" className="hint">
          加载中…
        </View>
      )}
      <View id="board-list">
        {items.map((item) => (
          <BoardRow key={item.partnerId} item={item} period={period} />
        ))}
      </View>
      {loaded && !loading && !error && !items.length && (
        <View id="board-empty" className="empty">
          本期暂无参与考核的伙伴
        </View>
      )}
      {items.length > 0 && (
        <View className="hint">共 {items.length} 家伙伴，按得分从低到高排列；低于整改线的标红。</View>
      )}
    </View>
  );
}
