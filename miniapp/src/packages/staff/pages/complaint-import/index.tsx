import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { SheetDuplicate, SheetHistory, SheetRejected, SheetUploadCard } from '@/components/SheetImport';
import { useSheetImport } from '@/hooks/useSheetImport';
import { downloadComplaintTemplate, listComplaintImports, uploadComplaints } from '@/services/sla';
import type { ComplaintImport } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { COMPLAINT_SHEET } from '@/utils/sla';
import '../../staff.css';

function ResultCard({ record, duplicate }: { record: ComplaintImport; duplicate: boolean }) {
  return (
    <View id="cimport-result" className="card">
      {duplicate && <SheetDuplicate prefix="cimport" record={record} />}
      <View className="card__title">{record.fileName}</View>
      <View id="cimport-summary" className="staff__text">
        共 {record.total} 行：新登记 {record.created} 件
        {record.existing ? `，${record.existing} 件此前已按外部编号导入（未重复登记）` : ''}
      </View>
      <View className="hint">导入的投诉按原受理时间计算截止时间并开始计时；已过截止时间的立即记为超时。</View>
      <ActionButton
        id="cimport-open-queue"
        className="btn btn--default"
        onClick={() => Taro.navigateTo({ url: ROUTES.dueQueue })}
      >
        查看临期投诉
      </ActionButton>
    </View>
  );
}

/** 投诉导入: existing complaints from other systems (Excel/CSV), checked row by row, with their original 受理时间. */
export default function ComplaintImportPage() {
  const s = useSheetImport<ComplaintImport>({ upload: uploadComplaints, history: listComplaintImports });
  const { outcome } = s;

  if (!s.allowed) return <View className="page" />;
  return (
    <StaffPage>
      <SheetUploadCard
        kind={COMPLAINT_SHEET}
        sheet={s}
        onTemplate={() =>
          void downloadComplaintTemplate().catch((err) => s.setError(`模板下载失败：${errorText(err)}`))
        }
      />

      {/* this page reports a failed history load in its banner */}
      <ErrorBanner message={s.error || s.historyError} />
      <SheetRejected prefix="cimport" outcome={outcome} />
      {outcome && outcome.kind !== 'rejected' && (
        <ResultCard record={outcome.record} duplicate={outcome.kind === 'duplicate'} />
      )}

      <SheetHistory prefix="cimport" items={s.history} describe={(h) => `${h.total} 行，新登记 ${h.created} 件`} />
    </StaffPage>
  );
}
