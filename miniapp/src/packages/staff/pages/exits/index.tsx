import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Chips } from '@/components/Chips';
import { DataTable, StaffPage, KeyValues } from '@/components/Console';
import { SmallButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty, Loading, Row } from '@/components/ListState';
import { ReasonBox, useReason } from '@/components/ReasonBox';
import { useStaffQueue } from '@/hooks/useStaffQueue';
import { useWideScreen } from '@/hooks/useWideScreen';
import { exitAct, exitCases, exitQueue, type ExitCase, type StaffExitAction } from '@/services/exit';
import { errorText } from '@/utils/errors';
import { needsReason, STAFF_EXIT_ACTION_LABEL, staffExitActions } from '@/utils/exit';
import type { Column } from '@/utils/table';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

function CaseCard({ c, onDone, onError }: { c: ExitCase; onDone: () => void; onError: (e: unknown) => void }) {
  const reason = useReason('审批意见');
  const [busy, setBusy] = useState(false);
  const actions = staffExitActions(c.status);
  // FT-17.3: before the agreed end date a termination needs the partner's agreement, written in the reason box
  const early = c.status === 'approved' && !!c.daysUntilEnd && c.daysUntilEnd > 0;

  async function act(a: StaffExitAction) {
    if (busy) return;
    const agreed = a === 'terminate' && early ? reason.check() : undefined;
    if (agreed === null) return;
    const text = needsReason(a) ? reason.check() : a === 'terminate' ? '合同已终止' : undefined;
    if (text === null) return;
    const { confirm } = await Taro.showModal({
      title: STAFF_EXIT_ACTION_LABEL[a],
      content: agreed
        ? `${c.partnerName}：约定终止日期为 ${c.endOn}，确认伙伴同意提前终止合作？`
        : `${c.partnerName}：确认${STAFF_EXIT_ACTION_LABEL[a]}？`,
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await exitAct(c.id, a, text, agreed);
      void Taro.showToast({ title: '已办理', icon: 'success' });
      onDone();
    } catch (e) {
      onError(e); // a 409 (a blocker, a competing step) reloads the queue, so the card shows the live blockers
    } finally {
      setBusy(false);
    }
  }

  return (
    <View id={`exit-${c.id}`} className="card">
      <View className="staff__head">
        <Text className="staff__name">{c.partnerName}</Text>
        <Text id={`exit-status-${c.id}`} className="tag">
          {c.statusLabel}
        </Text>
      </View>
      <Row name="原因">
        {c.triggerLabel}（{c.rule}）
      </Row>
      <View className="staff__text">{c.reason}</View>
      {c.desiredEndOn && (
        <Row name="期望终止">
          {c.desiredEndOn}（最早 {c.earliestEndOn}）
        </Row>
      )}
      {c.endOn && (
        <Row name="约定终止">
          {c.endOn}
          {c.daysUntilEnd ? `（还有 ${c.daysUntilEnd} 天，届时自动终止）` : ''}
        </Row>
      )}
      {c.stages.map((s) => (
        <Row key={s.stage} name={s.label}>
          {s.dueAt ? `截止 ${formatBeijing(s.dueAt)}` : '—'}
          {s.doneAt ? `，${s.met ? '按时' : '超时'}办理` : ''}
        </Row>
      ))}
      <View id={`exit-blockers-${c.id}`}>
        {c.blockers && c.blockers.length > 0
          ? c.blockers.map((b) => (
              <View key={b.id} className="staff__text">
                未办结：{b.label}
              </View>
            ))
          : c.blockers && <View className="hint">无未办结事项</View>}
      </View>
      {(actions.some(needsReason) || early) && (
        <ReasonBox
          id={`exit-reason-${c.id}`}
          placeholder={early ? '伙伴同意提前终止的说明（未经伙伴同意不能提前终止）' : '审批意见'}
          reason={reason}
        />
      )}
      <View className="staff__actions">
        {actions.map((a) => (
          <SmallButton
            key={a}
            id={`exit-${a}-${c.id}`}
            tone={a === 'reject' ? 'danger' : 'primary'}
            disabled={busy}
            onClick={() => void act(a)}
          >
            {STAFF_EXIT_ACTION_LABEL[a]}
          </SmallButton>
        ))}
      </View>
    </View>
  );
}

const PAGE_SIZE = 20;
type CaseFilter = 'all' | ExitCase['status'];
const CASE_FILTERS: { value: CaseFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'approval', label: '审批中' },
  { value: 'approved', label: '已批准' },
  { value: 'terminated', label: '已终止' },
  { value: 'rejected', label: '已驳回' },
  { value: 'withdrawn', label: '已撤回' },
];
const CASE_COLUMNS: Column<ExitCase>[] = [
  { key: 'partner', title: '伙伴', text: (c) => c.partnerName, width: 2 },
  { key: 'trigger', title: '退出情形', text: (c) => c.triggerLabel, width: 2 },
  { key: 'status', title: '状态', text: (c) => c.statusLabel },
  { key: 'applied', title: '申请时间', text: (c) => formatBeijing(c.appliedAt), width: 2 },
  { key: 'end', title: '约定终止日', text: (c) => c.endOn ?? '—' },
];

/**
 * #18 the console's 退出案例 table: every case or those of one status, paged and ordered by application date by the
 * api (the open queue above stays in cards with their actions).
 */
function CasesTable() {
  const [query, setQuery] = useState({ status: 'all' as CaseFilter, order: 'desc' as 'asc' | 'desc', page: 1 });
  const [data, setData] = useState<{ items: ExitCase[]; total: number }>({ items: [], total: 0 });
  const [error, setError] = useState('');
  const load = (q: typeof query) => {
    setError('');
    exitCases({ ...q, pageSize: PAGE_SIZE }).then(
      (res) => {
        setData({ items: res.items, total: res.total ?? res.items.length });
        setQuery(q);
      },
      (e) => setError(errorText(e)),
    );
  };
  useEffect(() => load(query), []);
  return (
    <View>
      <View className="console__title">全部退出案例</View>
      <ErrorBanner message={error} />
      <DataTable
        id="exit-cases"
        columns={CASE_COLUMNS}
        rows={data.items}
        rowKey={(c) => c.id}
        server={{
          total: data.total,
          page: query.page,
          pageSize: PAGE_SIZE,
          onPage: (page) => load({ ...query, page }),
          sort: {
            key: 'applied',
            descending: query.order === 'desc',
            onSort: (descending) => load({ ...query, order: descending ? 'desc' : 'asc', page: 1 }),
          },
        }}
        toolbar={
          <Chips
            idPrefix="exit-cases-status"
            options={CASE_FILTERS}
            value={query.status}
            onChange={(status) => load({ ...query, status, page: 1 })}
          />
        }
        detail={(c) => (
          <View>
            <View className="card__title">{c.partnerName}</View>
            <KeyValues
              rows={[
                ['状态', c.statusLabel],
                ['退出情形', `${c.triggerLabel}（${c.rule}）`],
                ['申请时间', formatBeijing(c.appliedAt)],
                ['约定终止日', c.endOn ?? '—'],
                ['原因', c.reason],
                ['审批意见', c.decisionReason ?? '—'],
              ]}
            />
          </View>
        )}
        empty="没有符合条件的退出案例"
      />
    </View>
  );
}

/** FT-18: the 退出审批 queue, the earliest next due date first; on a desktop also every case in a paged table. */
export default function StaffExitsPage() {
  const q = useStaffQueue<'open', ExitCase>('open', () => exitQueue());
  const wide = useWideScreen();
  if (!q.allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={q.error} />
      {q.loading && <Loading />}
      <View id="exit-list">
        {q.items.map((c) => (
          <CaseCard key={c.id} c={c} onDone={q.reload} onError={q.failed} />
        ))}
      </View>
      <Empty id="exit-empty" show={q.empty}>
        暂无进行中的退出申请
      </Empty>
      {wide && <CasesTable />}
    </StaffPage>
  );
}
