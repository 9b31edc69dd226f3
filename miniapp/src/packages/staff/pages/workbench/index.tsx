import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { FOCUSABLE } from '@/components/a11y';
import { Chips } from '@/components/Chips';
import { DataTable, StaffPage, KeyValues } from '@/components/Console';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { useWideScreen } from '@/hooks/useWideScreen';
import { listComplaints } from '@/services/complaints';
import type { Complaint, ComplaintStatus } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { CHANNEL_LABEL, KIND_LABEL, label, STATUS_LABEL } from '@/utils/labels';
import type { Column } from '@/utils/table';
import { formatBeijing } from '@/utils/time';
import { WORKBENCH_ENTRIES } from '@/utils/workbench';
import '../../staff.css';

const PAGE_SIZE = 20;
type StatusFilter = ComplaintStatus | 'all';

const COLUMNS: Column<Complaint>[] = [
  { key: 'no', title: '编号', text: (c) => c.no },
  { key: 'partner', title: '伙伴', text: (c) => c.partnerName, width: 2 },
  { key: 'summary', title: '摘要', text: (c) => c.summary, width: 3 },
  { key: 'status', title: '状态', text: (c) => label(STATUS_LABEL, c.status) },
  { key: 'kind', title: '类型', text: (c) => `${label(KIND_LABEL, c.kind)}投诉` },
  {
    key: 'due',
    title: '回复截止',
    text: (c) => formatBeijing(c.dueAt),
    sortValue: (c) => Date.parse(c.dueAt),
    width: 2,
  },
];

/** The 工作台's entries, one list: tiles in the desktop console, a menu (each with ›) on a phone. */
function Entries({ tiles }: { tiles: boolean }) {
  return (
    <View className={tiles ? 'console__grid' : 'card'}>
      {WORKBENCH_ENTRIES.map((e) => (
        <View
          key={e.id}
          id={e.id}
          role="link"
          {...FOCUSABLE}
          className={tiles ? 'console__tile' : 'staff__menu-item'}
          onClick={() => void Taro.navigateTo({ url: e.url })}
        >
          <View>
            <View className={tiles ? 'console__tile-title' : 'staff__menu-title'}>{e.title}</View>
            <View className={tiles ? 'console__tile-desc' : 'staff__menu-desc'}>{e.desc}</View>
          </View>
          {!tiles && <Text className="staff__arrow">›</Text>}
        </View>
      ))}
    </View>
  );
}

/** The desktop console's home: the entries as tiles and every complaint in a table paged by the api. */
function ConsoleHome() {
  const [status, setStatus] = useState<StatusFilter>('open');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Complaint[]; total: number }>({ items: [], total: 0 });
  const [error, setError] = useState('');
  const load = (s: StatusFilter, p: number) => {
    setError('');
    listComplaints({ status: s === 'all' ? undefined : s, page: p, pageSize: PAGE_SIZE }).then(
      (res) => {
        setData({ items: res.items, total: res.total });
        setPage(p);
      },
      (e) => setError(errorText(e)),
    );
  };
  // mounted by the guarded page once it may render
  useEffect(() => load('open', 1), []);
  return (
    <StaffPage title="工作台">
      <Entries tiles />
      <View className="console__title">投诉</View>
      <ErrorBanner message={error} />
      <DataTable
        id="console-complaints"
        columns={COLUMNS}
        rows={data.items}
        rowKey={(c) => c.id}
        server={{ total: data.total, page, pageSize: PAGE_SIZE, onPage: (p) => load(status, p) }}
        toolbar={
          <Chips
            idPrefix="console-status"
            options={[
              { value: 'open' as StatusFilter, label: '待回复' },
              { value: 'replied' as StatusFilter, label: '待确认' },
              { value: 'closed' as StatusFilter, label: '已办结' },
              { value: 'all' as StatusFilter, label: '全部' },
            ]}
            value={status}
            onChange={(s) => {
              setStatus(s);
              load(s, 1);
            }}
          />
        }
        detail={(c) => (
          <View>
            <View className="card__title">{c.no}</View>
            <KeyValues
              rows={[
                ['伙伴', c.partnerName],
                ['状态', label(STATUS_LABEL, c.status)],
                ['渠道', label(CHANNEL_LABEL, c.channel)],
                ['受理', formatBeijing(c.receivedAt)],
                ['回复截止', formatBeijing(c.dueAt)],
                ['摘要', c.summary],
              ]}
            />
            <ActionButton
              id="console-complaint-open"
              className="btn btn--primary"
              onClick={() => void Taro.navigateTo({ url: ROUTES.detail(c.id) })}
            >
              打开投诉
            </ActionButton>
          </View>
        )}
        empty="没有符合条件的投诉"
      />
    </StaffPage>
  );
}

/** The 工作台: a menu of the staff pages on a phone; the desktop console on a wide screen. */
export default function WorkbenchPage() {
  const wide = useWideScreen();
  const allowed = useStaffGuard();
  if (!allowed) return <View className="page" />;
  if (wide) return <ConsoleHome />;
  return (
    <View className="page">
      <Entries tiles={false} />
    </View>
  );
}
