import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { FieldError } from '@/components/FieldError';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { chooseChatFile, type PickedFile } from '@/services/files';
import { listProgrammes } from '@/services/programmes';
import { downloadComplaintTemplate, listComplaintImports, uploadComplaints } from '@/services/sla';
import type { ComplaintImport, ImportRowError, Programme } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { checkImportFile, IMPORT_EXTENSIONS, type ImportOutcome } from '@/utils/metrics-import';
import { COMPLAINT_IMPORT_COLUMNS } from '@/utils/sla';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

const isH5 = process.env.TARO_ENV === 'h5';
const MAX_ROWS_SHOWN = 200;

function RowErrors({ message, rows }: { message: string; rows: ImportRowError[] }) {
  return (
    <View id="cimport-errors" className="card">
      <View id="cimport-errors-message" className="error-banner">
        {message}
      </View>
      <View className="staff__tr staff__th">
        <Text className="staff__td staff__td--narrow">行号</Text>
        <Text className="staff__td">列</Text>
        <Text className="staff__td">内容</Text>
        <Text className="staff__td">问题</Text>
      </View>
      {rows.slice(0, MAX_ROWS_SHOWN).map((r, i) => (
        <View key={i} id={`cimport-error-row-${i}`} className="staff__tr">
          <Text className="staff__td staff__td--narrow">第 {r.row} 行</Text>
          <Text className="staff__td">{r.column}</Text>
          <Text className="staff__td">{r.value === null || r.value === '' ? '（空）' : r.value}</Text>
          <Text className="staff__td">{r.message}</Text>
        </View>
      ))}
      {rows.length > MAX_ROWS_SHOWN && <View className="hint">仅显示前 {MAX_ROWS_SHOWN} 处，请修改后重新上传。</View>}
      <View className="hint">行号按表格计算（第 1 行为表头）。整份文件未导入，修改后重新上传即可。</View>
    </View>
  );
}

function ResultCard({ record, duplicate }: { record: ComplaintImport; duplicate: boolean }) {
  return (
    <View id="cimport-result" className="card">
      {duplicate && (
        <View id="cimport-duplicate" className="hint">
          该文件此前已导入（{formatBeijing(record.createdAt)}，{record.createdBy.name ?? ''}），本次未重复导入。
        </View>
      )}
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
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState('');
  const [outcome, setOutcome] = useState<ImportOutcome<ComplaintImport> | null>(null);
  const [history, setHistory] = useState<ComplaintImport[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  async function loadHistory(id: string) {
    try {
      setHistory((await listComplaintImports(id)).slice(0, 10));
    } catch (err) {
      setHistory([]);
      setError(`导入记录加载失败：${errorText(err)}`);
    }
  }

  async function load() {
    setError('');
    try {
      const list = await listProgrammes();
      setProgrammes(list);
      const id = programmeId || list[0]?.id || '';
      setProgrammeId(id);
      if (id) await loadHistory(id);
    } catch (err) {
      setError(errorText(err));
    }
  }
  const allowed = useStaffGuard(() => void load());

  function pick(next: PickedFile | null) {
    setOutcome(null);
    setError('');
    setFile(next);
    setFileError(next ? checkImportFile(next.name, next.size) : '');
  }

  async function upload() {
    if (busy) return;
    if (!programmeId) {
      setError('请选择项目');
      return;
    }
    const problem = file ? checkImportFile(file.name, file.size) : '请选择要导入的文件';
    setFileError(problem);
    if (problem || !file) return;
    setBusy(true);
    setError('');
    setOutcome(null);
    try {
      const result = await uploadComplaints(programmeId, file);
      setOutcome(result);
      if (result.kind !== 'rejected') {
        setFile(null);
        setInputKey((k) => k + 1);
        void loadHistory(programmeId);
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!allowed) return <View className="page" />;
  return (
    <View className="page">
      <View className="card">
        <View className="field">
          <Text className="field__label">项目</Text>
          <Chips
            idPrefix="cimport-programme"
            options={programmes.map((p) => ({ value: p.id, label: p.name }))}
            value={programmeId}
            onChange={(id) => {
              setProgrammeId(id);
              setOutcome(null);
              void loadHistory(id);
            }}
          />
        </View>
        <View className="field">
          <Text className="field__label">投诉文件（.xlsx 或 .csv，不超过 5 MB / 2,000 行）</Text>
          {isH5 ? (
            // E2E: setInputFiles('#cimport-file-input')
            <View className="staff__actions">
              <label htmlFor="cimport-file-input" id="cimport-choose" className="chip">
                选择文件
              </label>
              <input
                key={inputKey}
                id="cimport-file-input"
                className="staff__file-input"
                type="file"
                accept=".xlsx,.csv"
                onChange={(e) => {
                  const f = e.currentTarget.files?.[0];
                  pick(f ? { name: f.name, size: f.size, file: f } : null);
                }}
              />
            </View>
          ) : (
            <ActionButton
              id="cimport-choose"
              className="btn btn--default"
              onClick={() => void chooseChatFile(IMPORT_EXTENSIONS).then((f) => f && pick(f))}
            >
              从聊天记录选择文件
            </ActionButton>
          )}
          {file && (
            <View id="cimport-file-name" className="hint">
              已选：{file.name}（{Math.ceil(file.size / 1024)} KB）
            </View>
          )}
          <FieldError id="cimport-file-error" message={fileError} />
        </View>
        <ActionButton
          id="cimport-submit"
          className="btn btn--primary"
          loading={busy}
          disabled={busy}
          onClick={() => void upload()}
        >
          上传并导入
        </ActionButton>
        <View className="hint">首行为表头，中文或英文列名均可，顺序不限，其他列忽略：</View>
        {COMPLAINT_IMPORT_COLUMNS.map((c) => (
          <View key={c.en} className="hint staff__column">
            {c.zh}（{c.en}）：{c.note}
          </View>
        ))}
        {isH5 && (
          <ActionButton
            id="cimport-template"
            className="btn btn--default"
            onClick={() => void downloadComplaintTemplate().catch((err) => setError(`模板下载失败：${errorText(err)}`))}
          >
            下载 CSV 模板
          </ActionButton>
        )}
      </View>

      <ErrorBanner message={error} />
      {outcome?.kind === 'rejected' && <RowErrors message={outcome.message} rows={outcome.rows} />}
      {outcome && outcome.kind !== 'rejected' && (
        <ResultCard record={outcome.record} duplicate={outcome.kind === 'duplicate'} />
      )}

      <View id="cimport-history" className="card">
        <View className="card__title">最近导入</View>
        {!history.length && <View className="hint">暂无导入记录</View>}
        {history.map((h) => (
          <View key={h.id} id={`cimport-${h.id}`} className="row">
            <Text className="row__key">
              {formatBeijing(h.createdAt)} {h.createdBy.name ?? ''}
            </Text>
            <Text className="row__value">
              {h.fileName}：{h.total} 行，新登记 {h.created} 件
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}
