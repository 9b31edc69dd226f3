import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { SmallButton, SubmitButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty, Loading } from '@/components/ListState';
import { useList } from '@/hooks/useList';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { exportScorecards, getBoard } from '@/services/scorecards';
import type { BoardItem } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { isPeriod, recentPeriods } from '@/utils/period';
import { formatScore, periodOptions } from '@/utils/score';
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
        <SmallButton
          id={`board-onboarding-${item.partnerId}`}
          onClick={() => Taro.navigateTo({ url: ROUTES.onboarding(item.partnerId, period) })}
        >
          入网评分
        </SmallButton>
        <SmallButton
          id={`board-incidents-${item.partnerId}`}
          onClick={() => Taro.navigateTo({ url: ROUTES.incidents(item.partnerId, period) })}
        >
          安全事件
        </SmallButton>
      </View>
    </View>
  );
}

export default function BoardPage() {
  const router = useRouter();
  const periods = recentPeriods(Date.now(), 4);
  const initial = router.params.period && isPeriod(router.params.period) ? router.params.period : periods[0];
  const [period, setPeriod] = useState(initial);
  // lowest score first: the partners that need attention
  const { items, loading, error, setError, load, empty } = useList(async (p: string) =>
    [...(await getBoard(p)).items].sort((a, b) => a.total - b.total),
  );
  const [exporting, setExporting] = useState(false);

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
  const options = periodOptions(periods.includes(period) ? periods : [period, ...periods]);
  return (
    <StaffPage>
      <View className="card">
        <View className="field__label">考核期</View>
        <Chips idPrefix="board-period" options={options} value={period} onChange={choose} />
        <SubmitButton id="board-export" tone="default" busy={exporting} onClick={() => void exportXlsx()}>
          导出本期考核结果（Excel）
        </SubmitButton>
      </View>
      <ErrorBanner message={error} />
      {loading && <Loading id="board-loading" />}
      <View id="board-list">
        {items.map((item) => (
          <BoardRow key={item.partnerId} item={item} period={period} />
        ))}
      </View>
      <Empty id="board-empty" show={empty}>
        本期暂无参与考核的伙伴
      </Empty>
      {items.length > 0 && (
        <View className="hint">共 {items.length} 家伙伴，按得分从低到高排列；低于整改线的标红。</View>
      )}
    </StaffPage>
  );
}
