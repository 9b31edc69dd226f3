import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { Chips } from '@/components/Chips';
import { DataTable, StaffPage, KeyValues } from '@/components/Console';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useServerTable } from '@/hooks/useServerTable';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { partnerTable, type PartnerTableQuery } from '@/services/partners';
import { listProgrammes } from '@/services/programmes';
import type { Partner, Programme } from '@/services/types';
import type { Column } from '@/utils/table';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

const STATUS_LABEL: Record<Partner['status'], string> = {
  applicant: '签约中',
  active: '合作中',
  suspended: '已暂停',
  exiting: '退出中',
  exited: '已退出',
};
const STATUSES = [
  { value: 'all', label: '全部状态' },
  ...(Object.keys(STATUS_LABEL) as Partner['status'][]).map((value) => ({ value, label: STATUS_LABEL[value] })),
];
const COLUMNS: Column<Partner>[] = [
  { key: 'code', title: '伙伴编码', text: (p) => p.code, width: 2 },
  { key: 'name', title: '名称', text: (p) => p.name, width: 3 },
  { key: 'status', title: '状态', text: (p) => STATUS_LABEL[p.status] ?? p.status },
  { key: 'createdAt', title: '登记时间', text: (p) => formatBeijing(p.createdAt), width: 2 },
];

/**
 * #18 the console's 伙伴 table: by programme and status, searched by a prefix of the name or code, sorted by code,
 * name or registration time and paged by the api (on a phone the same table, one column of the page).
 */
export default function StaffPartnersPage() {
  const t = useServerTable(partnerTable, { sort: 'code', order: 'asc' } as PartnerTableQuery);
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const allowed = useStaffGuard(() => undefined);
  useEffect(() => void listProgrammes().then(setProgrammes, () => undefined), []);
  if (!allowed) return <View className="page" />;
  return (
    <StaffPage title="伙伴">
      <ErrorBanner message={t.error} />
      <DataTable
        id="partners"
        columns={COLUMNS}
        rows={t.data.items}
        rowKey={(p) => p.id}
        server={t.server(['code', 'name', 'createdAt'], '名称或编码开头')}
        toolbar={
          <View>
            <Chips
              idPrefix="partners-programme"
              options={[{ value: '', label: '全部项目' }, ...programmes.map((p) => ({ value: p.id, label: p.name }))]}
              value={t.query.programmeId ?? ''}
              onChange={(v) => t.change({ programmeId: v || undefined })}
            />
            <Chips
              idPrefix="partners-status"
              options={STATUSES}
              value={t.query.status ?? 'all'}
              onChange={(v) => t.change({ status: v === 'all' ? undefined : (v as Partner['status']) })}
            />
          </View>
        }
        detail={(p) => (
          <View>
            <View className="card__title">{p.name}</View>
            <KeyValues
              rows={[
                ['伙伴编码', p.code],
                ['状态', STATUS_LABEL[p.status] ?? p.status],
                ['项目', programmes.find((g) => g.id === p.programmeId)?.name ?? '—'],
                ['联系人', p.contactName ?? '—'],
                ['联系电话', p.contactPhone ?? '—'],
                ['邀请码', p.inviteCode],
              ]}
            />
          </View>
        )}
        empty="没有符合条件的伙伴"
      />
    </StaffPage>
  );
}
