import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { chooseChatFile, type PickedFile } from '@/services/files';
import type { ImportRowError } from '@/services/types';
import { IMPORT_EXTENSIONS, type ImportColumn, type ImportOutcome, type SheetKind } from '@/utils/metrics-import';
import { formatBeijing } from '@/utils/time';
import type { useSheetImport } from '@/hooks/useSheetImport';
import { ActionButton, SubmitButton } from './ActionButton';
import { ChipsField, Field } from './Field';
import { FieldError } from './FieldError';

const isH5 = process.env.TARO_ENV === 'h5';
const MAX_ROWS_SHOWN = 200;

/**
 * The pieces of a sheet import page (the metrics and the complaints imports): the file field, the column help,
 * the rejected rows' table and the recent imports. Element ids start with the page's `prefix`
 * (`import`, `cimport`): E2E `#<prefix>-file-input`, `#<prefix>-errors`, `#<prefix>-error-row-<i>`.
 */

/** The file field: a hidden native input behind a Chinese label on H5, the chat-file chooser on weapp. */
export function SheetFileField({
  prefix,
  label,
  file,
  error,
  inputKey,
  onPick,
}: {
  prefix: string;
  label: string;
  file: PickedFile | null;
  error: string;
  /** a new key resets the native input, so the same file can be chosen again */
  inputKey: number;
  onPick: (file: PickedFile | null) => void;
}) {
  return (
    <Field label={label} error={error} errorId={`${prefix}-file-error`}>
      {isH5 ? (
        <View className="staff__actions">
          <label htmlFor={`${prefix}-file-input`} id={`${prefix}-choose`} className="chip">
            选择文件
          </label>
          <input
            key={inputKey}
            id={`${prefix}-file-input`}
            className="staff__file-input"
            type="file"
            accept=".xlsx,.csv"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              onPick(f ? { name: f.name, size: f.size, file: f } : null);
            }}
          />
        </View>
      ) : (
        <ActionButton
          id={`${prefix}-choose`}
          className="btn btn--default"
          onClick={() => void chooseChatFile(IMPORT_EXTENSIONS).then((f) => f && onPick(f))}
        >
          从聊天记录选择文件
        </ActionButton>
      )}
      {file && (
        <View id={`${prefix}-file-name`} className="hint">
          已选：{file.name}（{Math.ceil(file.size / 1024)} KB）
        </View>
      )}
    </Field>
  );
}

/** The columns the import recognises, one hint line each, and the CSV template button on H5. */
export function SheetColumns({
  prefix,
  columns,
  note,
  onTemplate,
}: {
  prefix: string;
  columns: ImportColumn[];
  note?: string;
  onTemplate: () => void;
}) {
  return (
    <>
      <View className="hint">首行为表头，中文或英文列名均可，顺序不限，其他列忽略：</View>
      {columns.map((c) => (
        <View key={c.en} className="hint staff__column">
          {c.zh}（{c.en}）：{c.note}
        </View>
      ))}
      {note && <View className="hint">{note}</View>}
      {isH5 && (
        <ActionButton id={`${prefix}-template`} className="btn btn--default" onClick={onTemplate}>
          下载 CSV 模板
        </ActionButton>
      )}
    </>
  );
}

/** A rejected file's rows (422): row, column, value and problem; nothing of the file was imported. */
export function SheetRowErrors({ prefix, message, rows }: { prefix: string; message: string; rows: ImportRowError[] }) {
  return (
    <View id={`${prefix}-errors`} className="card">
      <View id={`${prefix}-errors-message`} className="error-banner">
        {message}
      </View>
      <View className="staff__tr staff__th">
        <Text className="staff__td staff__td--narrow">行号</Text>
        <Text className="staff__td">列</Text>
        <Text className="staff__td">内容</Text>
        <Text className="staff__td">问题</Text>
      </View>
      {rows.slice(0, MAX_ROWS_SHOWN).map((r, i) => (
        <View key={i} id={`${prefix}-error-row-${i}`} className="staff__tr">
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

interface ImportRecord {
  id: string;
  fileName: string;
  createdAt: string;
  createdBy: { name?: string | null };
}

/** The note that the same file was imported before (200), nothing imported again. */
export function SheetDuplicate({ prefix, record }: { prefix: string; record: ImportRecord }) {
  return (
    <View id={`${prefix}-duplicate`} className="hint">
      该文件此前已导入（{formatBeijing(record.createdAt)}，{record.createdBy.name ?? ''}），本次未重复导入。
    </View>
  );
}

/** 最近导入: one line per import of the programme (`#<prefix>-<id>`), `describe` gives its result text. */
export function SheetHistory<R extends ImportRecord>({
  prefix,
  items,
  error,
  describe,
}: {
  prefix: string;
  items: R[];
  /** shown in the card when given (the metrics import); the complaints import shows it in the page banner */
  error?: string;
  describe: (record: R) => ReactNode;
}) {
  return (
    <View id={`${prefix}-history`} className="card">
      <View className="card__title">最近导入</View>
      {error !== undefined && <FieldError id={`${prefix}-history-error`} message={error} />}
      {!error && !items.length && <View className="hint">暂无导入记录</View>}
      {items.map((h) => (
        <View key={h.id} id={`${prefix}-${h.id}`} className="row">
          <Text className="row__key">
            {formatBeijing(h.createdAt)} {h.createdBy.name ?? ''}
          </Text>
          <Text className="row__value">
            {h.fileName}：{describe(h)}
          </Text>
        </View>
      ))}
    </View>
  );
}

/**
 * The upload card: 项目 chips, the file field, 上传并导入 (`#<prefix>-submit`, also refused while `applying`)
 * and the column help.
 */
export function SheetUploadCard<R>({
  kind: { prefix, fileLabel, columns, note },
  sheet,
  applying = false,
  onTemplate,
}: {
  kind: SheetKind;
  sheet: ReturnType<typeof useSheetImport<R>>;
  applying?: boolean;
  onTemplate: () => void;
}) {
  return (
    <View className="card">
      <ChipsField
        label="项目"
        id={`${prefix}-programme`}
        options={sheet.programmes.map((p) => ({ value: p.id, label: p.name }))}
        value={sheet.programmeId}
        onChange={sheet.chooseProgramme}
      />
      <SheetFileField
        prefix={prefix}
        label={fileLabel}
        file={sheet.file}
        error={sheet.fileError}
        inputKey={sheet.inputKey}
        onPick={sheet.pick}
      />
      <SubmitButton id={`${prefix}-submit`} busy={sheet.busy} disabled={applying} onClick={() => void sheet.submit()}>
        上传并导入
      </SubmitButton>
      <SheetColumns prefix={prefix} columns={columns} note={note} onTemplate={onTemplate} />
    </View>
  );
}

/** The rejected rows when the last upload was refused (422); nothing otherwise. */
export function SheetRejected({ prefix, outcome }: { prefix: string; outcome: ImportOutcome<unknown> | null }) {
  if (outcome?.kind !== 'rejected') return null;
  return <SheetRowErrors prefix={prefix} message={outcome.message} rows={outcome.rows} />;
}
