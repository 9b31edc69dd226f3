import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { FieldError } from '@/components/FieldError';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { chooseChatFile, type PickedFile } from '@/services/files';
import { downloadTemplate, getImport, listImports, uploadMetrics } from '@/services/metrics';
import { listProgrammes } from '@/services/programmes';
import type { ImportRowError, MetricsImport, Programme } from '@/services/types';
import { errorText } from '@/utils/errors';
import {
  checkImportFile,
  IMPORT_COLUMNS,
  IMPORT_EXTENSIONS,
  importProgress,
  type ImportOutcome,
} from '@/utils/metrics-import';
import { monthName } from '@/utils/score';
import { formatBeijing } from '@/utils/time';
import '../../staff.css';

const isH5 = process.env.TARO_ENV === 'h5';
const POLL_MS = 1000;
const MAX_ROWS_SHOWN = 200;

function RowErrors({ message, rows }: { message: string; rows: ImportRowError[] }) {
  return (
    <View id="import-errors" className="card">
      <View id="import-errors-message" className="error-banner">
        {message}
      </View>
      <View className="staff__tr staff__th">
        <Text className="staff__td staff__td--narrow">行号</Text>
        <Text className="staff__td">列</Text>
        <Text className="staff__td">内容</Text>
        <Text className="staff__td">问题</Text>
      </View>
      {rows.slice(0, MAX_ROWS_SHOWN).map((r, i) => (
        <View key={i} id={`import-error-row-${i}`} className="staff__tr">
          <Text className="staff__td staff__td--narrow">第 {r.row} 行</Text>
          <Text className="staff__td">{r.column}</Text>
          <Text className="staff__td">{r.value === '' ? '（空）' : r.value}</Text>
          <Text className="staff__td">{r.message}</Text>
        </View>
      ))}
      {rows.length > MAX_ROWS_SHOWN && <View className="hint">仅显示前 {MAX_ROWS_SHOWN} 处，请修改后重新上传。</View>}
      <View className="hint">行号按表格计算（第 1 行为表头）。整份文件未导入，修改后重新上传即可。</View>
    </View>
  );
}

function ImportCard({ record, duplicate }: { record: MetricsImport; duplicate: boolean }) {
  const progress = importProgress(record);
  return (
    <View id="import-result" className="card">
      {duplicate && (
        <View id="import-duplicate" className="hint">
          该文件此前已导入（{formatBeijing(record.createdAt)}，{record.createdBy.name}），本次未重复导入。
        </View>
      )}
      <View className="card__title">{record.fileName}</View>
      <View id="import-progress" className="staff__progress">
        <View className="staff__progress-bar" style={{ width: `${progress.percent}%` }} />
      </View>
      <View id="import-progress-text" className={record.status === 'failed' ? 'field__error' : 'hint'}>
        {progress.text}
      </View>
      {record.status === 'done' && (
        <View id="import-summary" className="staff__text">
          月份：{record.months.map(monthName).join('、') || '—'}；结算前收入 {record.summary.revenue} 条，交易成功率{' '}
          {record.summary.successRate} 条，客户数 {record.summary.customers} 条
        </View>
      )}
    </View>
  );
}

export default function MetricsImportPage() {
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState('');
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [history, setHistory] = useState<MetricsImport[]>([]);
  const [historyError, setHistoryError] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  async function loadHistory(id: string) {
    setHistoryError('');
    try {
      setHistory((await listImports(id)).slice(0, 10));
    } catch (err) {
      setHistory([]);
      setHistoryError(`导入记录加载失败：${errorText(err)}`);
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

  // While an import is applied: poll it every second until it is done or failed.
  const applying =
    outcome && outcome.kind !== 'rejected' && !importProgress(outcome.record).finished ? outcome.record.id : '';
  useEffect(() => {
    if (!applying) return undefined;
    let stopped = false;
    const timer = setInterval(() => {
      getImport(applying)
        .then((record) => {
          if (stopped) return;
          setOutcome((prev) => (prev && prev.kind !== 'rejected' ? { ...prev, record } : prev));
          if (importProgress(record).finished) void loadHistory(record.programmeId);
        })
        .catch((err) => {
          if (!stopped) setError(`查询导入进度失败：${errorText(err)}`);
        });
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [applying]);

  function pick(next: PickedFile | null) {
    setOutcome(null);
    setError('');
    setFile(next);
    setFileError(next ? checkImportFile(next.name, next.size) : '');
  }

  async function chooseInWechat() {
    const picked = await chooseChatFile(IMPORT_EXTENSIONS);
    if (picked) pick(picked);
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
      const result = await uploadMetrics(programmeId, file);
      setOutcome(result);
      if (result.kind !== 'rejected') {
        // the same file can be chosen again only after the input is reset
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

  async function template() {
    setError('');
    try {
      await downloadTemplate();
    } catch (err) {
      setError(`模板下载失败：${errorText(err)}`);
    }
  }

  function chooseProgramme(id: string) {
    setProgrammeId(id);
    setOutcome(null);
    void loadHistory(id);
  }

  if (!allowed) return <View className="page" />;
  return (
    <View className="page">
      <View className="card">
        <View className="field">
          <Text className="field__label">项目</Text>
          <Chips
            idPrefix="import-programme"
            options={programmes.map((p) => ({ value: p.id, label: p.name }))}
            value={programmeId}
            onChange={chooseProgramme}
          />
        </View>
        <View className="field">
          <Text className="field__label">数据文件（.xlsx 或 .csv，不超过 5 MB / 20,000 行）</Text>
          {isH5 ? (
            // the native input is hidden behind a Chinese label; E2E: setInputFiles('#import-file-input')
            <View className="staff__actions">
              <label htmlFor="import-file-input" id="import-choose" className="chip">
                选择文件
              </label>
              <input
                key={inputKey}
                id="import-file-input"
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
            <ActionButton id="import-choose" className="btn btn--default" onClick={() => void chooseInWechat()}>
              从聊天记录选择文件
            </ActionButton>
          )}
          {file && (
            <View id="import-file-name" className="hint">
              已选：{file.name}（{Math.ceil(file.size / 1024)} KB）
            </View>
          )}
          <FieldError id="import-file-error" message={fileError} />
        </View>
        <ActionButton
          id="import-submit"
          className="btn btn--primary"
          loading={busy}
          disabled={busy || Boolean(applying)}
          onClick={() => void upload()}
        >
          上传并导入
        </ActionButton>
        <View className="hint">首行为表头，中文或英文列名均可，顺序不限，其他列忽略：</View>
        {IMPORT_COLUMNS.map((c) => (
          <View key={c.en} className="hint staff__column">
            {c.zh}（{c.en}）：{c.note}
          </View>
        ))}
        <View className="hint">每行至少填写收入、成功率、客户数之一；已结算考核期的交易成功率不能再导入。</View>
        {isH5 && (
          <ActionButton id="import-template" className="btn btn--default" onClick={() => void template()}>
            下载 CSV 模板
          </ActionButton>
        )}
      </View>

      <ErrorBanner message={error} />
      {outcome?.kind === 'rejected' && <RowErrors message={outcome.message} rows={outcome.rows} />}
      {outcome && outcome.kind !== 'rejected' && (
        <ImportCard record={outcome.record} duplicate={outcome.kind === 'duplicate'} />
      )}

      <View id="import-history" className="card">
        <View className="card__title">最近导入</View>
        <FieldError id="import-history-error" message={historyError} />
        {!historyError && !history.length && <View className="hint">暂无导入记录</View>}
        {history.map((h) => (
          <View key={h.id} id={`import-${h.id}`} className="row">
            <Text className="row__key">
              {formatBeijing(h.createdAt)} {h.createdBy.name}
            </Text>
            <Text className="row__value">
              {h.fileName}：{importProgress(h).text}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}
