import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { RecruitmentChips } from '@/components/RecruitmentChips';
import { DataTable, KeyValues, StaffPage } from '@/components/Console';
import { useWideScreen } from '@/hooks/useWideScreen';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useCountdown } from '@/hooks/useCountdown';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { currentUser } from '@/services/auth';
import { useServerTable } from '@/hooks/useServerTable';
import {
  applicationTable,
  queue,
  staffRecruitments,
  type Application,
  type ApplicationRow,
  type ApplicationTableQuery,
  type StaffRecruitment,
} from '@/services/intake';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { withoutRuleCodes } from '@/utils/messages';
import { APPLICATION_STATUS, myEvaluations, nextDue } from '@/utils/intake';
import type { Column } from '@/utils/table';
import { formatBeijing } from '@/utils/time';
import '../../../staff/staff.css';
import '../../intake.css';

/** `mine`: the evaluations waiting for this member's vote; `evaluation`: every application in the stage */
type Stage = 'pre_review' | 'mine' | 'evaluation';

function Due({ id, at }: { id: string; at: string }) {
  const { text, msLeft } = useCountdown(at, 0, true);
  return (
    <Text id={id} className={msLeft > 0 ? 'countdown' : 'countdown countdown--over'}>
      {text}
    </Text>
  );
}

const STAGES = [
  { value: 'pre_review' as Stage, label: '预审队列' },
  { value: 'mine' as Stage, label: '我的评估' },
  { value: 'evaluation' as Stage, label: '全部评估' },
];

const dueAt = (a: Application) => nextDue(a)?.at ?? '';
const QUEUE_COLUMNS: Column<Application>[] = [
  { key: 'company', title: '企业', text: (a) => a.company.name ?? '', width: 3 },
  { key: 'code', title: '统一社会信用代码', text: (a) => a.company.creditCode, width: 2 },
  { key: 'status', title: '状态', text: (a) => APPLICATION_STATUS[a.status] ?? '处理中' },
  {
    key: 'due',
    title: '截止',
    text: (a) => (dueAt(a) ? formatBeijing(dueAt(a)) : '—'),
    sortValue: (a) => (dueAt(a) ? Date.parse(dueAt(a)) : Infinity),
    width: 2,
  },
];

const ROW_COLUMNS: Column<ApplicationRow>[] = [
  { key: 'company', title: '企业', text: (a) => a.companyName, width: 3 },
  { key: 'code', title: '统一社会信用代码', text: (a) => a.creditCode, width: 2 },
  { key: 'status', title: '状态', text: (a) => APPLICATION_STATUS[a.status] ?? '处理中' },
  {
    key: 'submittedAt',
    title: '提交时间',
    text: (a) => (a.submittedAt ? formatBeijing(a.submittedAt) : '—'),
    width: 2,
  },
  { key: 'updatedAt', title: '最近更新', text: (a) => formatBeijing(a.updatedAt), width: 2 },
];
type RowStatus = NonNullable<ApplicationTableQuery['status']> | 'all';
const ROW_STATUSES: { value: RowStatus; label: string }[] = [
  { value: 'all', label: '全部' },
  ...(['submitted', 'pre_review_passed', 'evaluation', 'evaluated', 'approved', 'signed', 'rejected'] as const).map(
    (value) => ({ value, label: APPLICATION_STATUS[value] }),
  ),
];

/**
 * #18 the console's 全部申请 table: every application but drafts, filtered by status and recruitment, searched by a
 * prefix of the company name or credit code, sorted by submission or last change and paged by the api.
 */
function ApplicationsTable() {
  const t = useServerTable(applicationTable, { sort: 'submittedAt', order: 'desc' } as ApplicationTableQuery);
  const [recruitments, setRecruitments] = useState<StaffRecruitment[]>([]);
  useEffect(() => void staffRecruitments().then(setRecruitments, () => undefined), []);
  return (
    <View>
      <View className="console__title">全部申请</View>
      <ErrorBanner message={t.error} />
      <DataTable
        id="applications"
        columns={ROW_COLUMNS}
        rows={t.data.items}
        rowKey={(a) => a.id}
        server={t.server(['submittedAt', 'updatedAt'], '企业名称或信用代码开头')}
        toolbar={
          <View>
            <Chips
              idPrefix="applications-status"
              options={ROW_STATUSES}
              value={t.query.status ?? 'all'}
              onChange={(v) => t.change({ status: v === 'all' ? undefined : v })}
            />
            <RecruitmentChips
              idPrefix="applications-recruitment"
              recruitments={recruitments}
              value={t.query.recruitmentId}
              onChange={(recruitmentId) => t.change({ recruitmentId })}
            />
          </View>
        }
        detail={(a) => (
          <View>
            <View className="card__title">{a.companyName}</View>
            <KeyValues
              rows={[
                ['状态', APPLICATION_STATUS[a.status]],
                ['信用代码', a.creditCode],
              ]}
            />
            <ActionButton
              id={`applications-open-${a.id}`}
              className="btn btn--primary btn--small"
              onClick={() => void Taro.navigateTo({ url: ROUTES.intake.staffApplication(a.id) })}
            >
              打开申请
            </ActionButton>
          </View>
        )}
        empty="没有符合条件的申请"
      />
    </View>
  );
}

/** FT-7 / FT-8 queues, earliest due first, with live countdowns; on a desktop also every application in a table. */
export default function StaffQueuePage() {
  const params = useRouter().params;
  const [stage, setStage] = useState<Stage>(
    params.stage === 'evaluation' || params.stage === 'mine' ? params.stage : 'pre_review',
  );
  const [items, setItems] = useState<Application[]>([]);
  const [error, setError] = useState('');
  const load = (s: Stage = stage) => {
    setError('');
    queue(s === 'mine' ? 'evaluation' : s)
      .then((list) => setItems(s === 'mine' ? myEvaluations(list, currentUser()?.userId ?? '') : list))
      .catch((e) => setError(errorText(e)));
  };
  const allowed = useStaffGuard(() => load());
  const wide = useWideScreen();
  if (!allowed) return <View className="page" />;
  const stages = (
    <Chips
      idPrefix="queue-stage"
      options={STAGES}
      value={stage}
      onChange={(v) => {
        setStage(v);
        load(v);
      }}
    />
  );
  if (wide)
    return (
      <StaffPage title="预审 / 评估队列">
        <ErrorBanner message={error} />
        <DataTable
          id="queue-table"
          columns={QUEUE_COLUMNS}
          rows={items}
          rowKey={(a) => a.id}
          toolbar={stages}
          empty={stage === 'mine' ? '没有等待您表决的评估' : '队列为空'}
          detail={(a) => {
            const due = nextDue(a);
            return (
              <View>
                <View className="card__title">{a.company.name}</View>
                <KeyValues
                  rows={[
                    ['状态', APPLICATION_STATUS[a.status]],
                    ['信用代码', a.company.creditCode],
                    ...(due
                      ? ([[due.label, <Due key="due" id={`queue-countdown-${a.id}`} at={due.at} />]] as const)
                      : []),
                  ]}
                />
                {a.checks.map((c) => (
                  <View key={c.id} className={c.passed ? 'intake__meta' : 'field__error'}>
                    {c.passed ? '✓' : '✗'} {withoutRuleCodes(c.reason)}
                  </View>
                ))}
                <ActionButton
                  id={`queue-open-${a.id}`}
                  className="btn btn--primary"
                  onClick={() => void Taro.navigateTo({ url: ROUTES.intake.staffApplication(a.id) })}
                >
                  打开申请
                </ActionButton>
              </View>
            );
          }}
        />
        <ApplicationsTable />
      </StaffPage>
    );
  return (
    <View className="page">
      {stages}
      <ErrorBanner message={error} />
      <View className="card">
        {items.length === 0 && <View className="empty">{stage === 'mine' ? '没有等待您表决的评估' : '队列为空'}</View>}
        {items.map((a) => {
          const due = nextDue(a);
          return (
            <View
              key={a.id}
              id={`queue-${a.id}`}
              className="intake__item"
              onClick={() => Taro.navigateTo({ url: ROUTES.intake.staffApplication(a.id) })}
            >
              <View className="intake__title">{a.company.name}</View>
              <View className="intake__meta">
                {APPLICATION_STATUS[a.status]} · {due ? `${due.label} ${formatBeijing(due.at)} · ` : ''}
                {due && <Due id={`queue-countdown-${a.id}`} at={due.at} />}
              </View>
            </View>
          );
        })}
      </View>
    </View>
  );
}
