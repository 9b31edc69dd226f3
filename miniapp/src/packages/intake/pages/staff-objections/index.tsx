import { useEffect, useState } from 'react';
import { Input, View } from '@tarojs/components';
import { Chips } from '@/components/Chips';
import { RecruitmentChips } from '@/components/RecruitmentChips';
import { DataTable, StaffPage, KeyValues } from '@/components/Console';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useServerTable } from '@/hooks/useServerTable';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { useWideScreen } from '@/hooks/useWideScreen';
import {
  listMeetings,
  listObjections,
  objectionTable,
  resolveObjection,
  staffRecruitments,
  type Meeting,
  type Objection,
  type ObjectionRow,
  type ObjectionTableQuery,
  type StaffRecruitment,
} from '@/services/intake';
import type { Column } from '@/utils/table';
import { formatBeijing } from '@/utils/time';
import { objectionSubject } from '@/utils/intake';
import { errorText } from '@/utils/errors';
import '../../../staff/staff.css';
import '../../intake.css';

const COLUMNS: Column<ObjectionRow>[] = [
  { key: 'company', title: '异议对象', text: (o) => o.companyName ?? '整个公示', width: 2 },
  { key: 'text', title: '异议内容', text: (o) => o.text, width: 3 },
  { key: 'status', title: '状态', text: (o) => (o.status === 'open' ? '待处理' : '已处理') },
  { key: 'createdAt', title: '提出时间', text: (o) => formatBeijing(o.createdAt), width: 2 },
];
const STATUSES = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '待处理' },
  { value: 'resolved', label: '已处理' },
] as const;

/** #18 the console's 公示异议 table: by status and recruitment, each naming the company, paged by the api. */
function ObjectionsTable() {
  const t = useServerTable(objectionTable, { order: 'desc' } as ObjectionTableQuery);
  const [recruitments, setRecruitments] = useState<StaffRecruitment[]>([]);
  useEffect(() => void staffRecruitments().then(setRecruitments, () => undefined), []);
  return (
    <View>
      <View className="console__title">全部公示异议</View>
      <ErrorBanner message={t.error} />
      <DataTable
        id="objections"
        columns={COLUMNS}
        rows={t.data.items}
        rowKey={(o) => o.id}
        server={t.server(['createdAt'])}
        toolbar={
          <View>
            <Chips
              idPrefix="objections-status"
              options={[...STATUSES]}
              value={t.query.status ?? 'all'}
              onChange={(v) => t.change({ status: v === 'all' ? undefined : v })}
            />
            <RecruitmentChips
              idPrefix="objections-recruitment"
              recruitments={recruitments}
              value={t.query.recruitmentId}
              onChange={(recruitmentId) => t.change({ recruitmentId })}
            />
          </View>
        }
        detail={(o) => (
          <View>
            <View className="card__title">{o.companyName ?? '整个公示'}</View>
            <KeyValues
              rows={[
                ['异议内容', o.text],
                ['联系方式', o.contact || '匿名'],
                ['处理意见', o.resolution ?? '—'],
              ]}
            />
          </View>
        )}
        empty="没有符合条件的异议"
      />
    </View>
  );
}

/** FT-9 objections to a 公示: staff resolve each with a reason before signing can proceed. */
export default function StaffObjectionsPage() {
  const [items, setItems] = useState<Objection[]>([]);
  const [meetings, setMeetings] = useState<Meeting[]>([]);
  const [text, setText] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const load = () => {
    listObjections()
      .then(setItems)
      .catch((e) => setError(errorText(e)));
    listMeetings()
      .then(setMeetings)
      .catch(() => undefined);
  };
  const allowed = useStaffGuard(load);
  const wide = useWideScreen();
  if (!allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={error} />
      {items.length === 0 && <View className="empty">暂无异议</View>}
      {items.map((o) => (
        <View key={o.id} id={`objection-${o.id}`} className="card">
          <View id={`objection-company-${o.id}`} className="intake__title">
            {objectionSubject(o, meetings) || '公示异议'}
          </View>
          <View className="intake__body">{o.text}</View>
          <View className="intake__meta">
            {o.contact || '匿名'} · {o.status === 'open' ? '待处理' : `已处理：${o.resolution}`}
          </View>
          {o.status === 'open' && (
            <View>
              <Input
                id={`objection-resolution-${o.id}`}
                nativeProps={{ 'aria-label': '处理意见' }}
                className="field__input"
                placeholder="处理意见"
                value={text[o.id] ?? ''}
                onInput={(e) => setText({ ...text, [o.id]: e.detail.value })}
              />
              <ActionButton
                id={`objection-resolve-${o.id}`}
                className="btn btn--primary btn--small"
                onClick={() =>
                  void resolveObjection(o.id, o.rev, (text[o.id] ?? '').trim())
                    .then(load)
                    .catch((e) => setError(errorText(e)))
                }
              >
                处理完毕
              </ActionButton>
            </View>
          )}
        </View>
      ))}
      {wide && <ObjectionsTable />}
    </StaffPage>
  );
}
