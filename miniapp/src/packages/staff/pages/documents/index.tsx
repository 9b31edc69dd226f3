import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { SmallButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { DataTable, StaffPage, KeyValues } from '@/components/Console';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty } from '@/components/ListState';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { useWideScreen } from '@/hooks/useWideScreen';
import { downloadDocument, expiringDocuments, type DocumentPage, type PartnerDocument } from '@/services/documents';
import { DOCUMENT_STATE_TONE } from '@/utils/documents';
import { errorText } from '@/utils/errors';
import type { Column } from '@/utils/table';
import '../../staff.css';

const WINDOWS = [
  { value: '7', label: '7 天内' },
  { value: '30', label: '30 天内' },
  { value: '90', label: '90 天内' },
];
const PAGE_SIZE = 20;

const COLUMNS: Column<PartnerDocument>[] = [
  { key: 'partner', title: '伙伴', text: (d) => d.partnerName || '（申请人）', width: 2 },
  { key: 'kind', title: '类型', text: (d) => d.kindLabel },
  { key: 'title', title: '证照', text: (d) => d.title, width: 2 },
  { key: 'expiresOn', title: '有效期至', text: (d) => d.expiresOn ?? '长期', sortValue: (d) => d.expiresOn ?? '' },
  { key: 'state', title: '状态', text: (d) => d.stateLabel, sortValue: (d) => d.daysLeft ?? 0 },
];

/** 证照到期: current documents expiring soon (expired ones first), paged by the api. */
export default function ExpiringDocumentsPage() {
  const wide = useWideScreen();
  const [within, setWithin] = useState('30');
  const [data, setData] = useState<DocumentPage | null>(null);
  const [error, setError] = useState('');

  async function load(days = within, page = 1) {
    setError('');
    try {
      setData(await expiringDocuments({ withinDays: Number(days), page, pageSize: PAGE_SIZE }));
    } catch (e) {
      setError(errorText(e));
    }
  }
  const allowed = useStaffGuard(() => void load());
  if (!allowed) return <View className="page" />;

  const windows = (
    <Chips
      idPrefix="docs-within"
      options={WINDOWS}
      value={within}
      onChange={(v) => {
        setWithin(v);
        void load(v, 1);
      }}
    />
  );
  const download = (d: PartnerDocument) => void downloadDocument(d).catch((e) => setError(errorText(e)));
  const items = data?.items ?? [];
  return (
    <StaffPage title="证照到期">
      <ErrorBanner message={error} />
      {wide ? (
        <DataTable
          id="docs-table"
          columns={COLUMNS}
          rows={items}
          rowKey={(d) => d.id}
          toolbar={windows}
          empty="该时间内没有到期的证照"
          server={
            data
              ? { total: data.total, page: data.page, pageSize: data.pageSize, onPage: (p) => void load(within, p) }
              : undefined
          }
          detail={(d) => (
            <View>
              <View className="card__title">{d.title}</View>
              <KeyValues
                rows={[
                  ['伙伴', d.partnerName || '（申请人）'],
                  ['编号', d.number ?? '—'],
                  ['签发 / 到期', `${d.issuedOn} / ${d.expiresOn ?? '长期有效'}`],
                ]}
              />
              {d.hasFile && (
                <SmallButton id={`docs-download-${d.id}`} onClick={() => download(d)}>
                  下载扫描件
                </SmallButton>
              )}
            </View>
          )}
        />
      ) : (
        <>
          <View className="card">{windows}</View>
          {items.map((d) => (
            <View key={d.id} id={`docs-${d.id}`} className="card">
              <View className="staff__head">
                <Text className="staff__name">{d.partnerName || '（申请人）'}</Text>
                <Text className={`tag ${DOCUMENT_STATE_TONE[d.state]}`}>{d.stateLabel}</Text>
              </View>
              <View className="staff__text">
                {d.kindLabel} · {d.title}
              </View>
              <View className="hint">有效期至 {d.expiresOn}</View>
            </View>
          ))}
          <Empty id="docs-empty" show={data !== null && items.length === 0 && !error}>
            该时间内没有到期的证照
          </Empty>
          {data && data.total > data.page * data.pageSize && (
            <SmallButton id="docs-more" onClick={() => void load(within, data.page + 1)}>
              下一页（共 {data.total} 条）
            </SmallButton>
          )}
        </>
      )}
    </StaffPage>
  );
}
