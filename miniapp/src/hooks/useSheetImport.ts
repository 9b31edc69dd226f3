import { useState } from 'react';
import type { PickedFile } from '@/services/files';
import { listProgrammes } from '@/services/programmes';
import type { Programme } from '@/services/types';
import { errorText } from '@/utils/errors';
import { checkImportFile, type ImportOutcome } from '@/utils/metrics-import';
import { useStaffGuard } from './useStaffGuard';

/**
 * State of a sheet import page (staff only): the programme chips, the chosen file and its check, the upload
 * (one at a time; a rejected file stays chosen, an accepted one resets the input) and the programme's last ten
 * imports. The programmes load on every show.
 */
export function useSheetImport<R>({
  upload,
  history: listHistory,
}: {
  upload: (programmeId: string, file: PickedFile) => Promise<ImportOutcome<R>>;
  history: (programmeId: string) => Promise<R[]>;
}) {
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [programmeId, setProgrammeId] = useState('');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [fileError, setFileError] = useState('');
  const [outcome, setOutcome] = useState<ImportOutcome<R> | null>(null);
  const [history, setHistory] = useState<R[]>([]);
  const [historyError, setHistoryError] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [inputKey, setInputKey] = useState(0);

  async function loadHistory(id: string) {
    setHistoryError('');
    try {
      setHistory((await listHistory(id)).slice(0, 10));
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

  return {
    allowed,
    programmes,
    programmeId,
    file,
    fileError,
    outcome,
    setOutcome,
    history,
    historyError,
    loadHistory,
    error,
    setError,
    busy,
    inputKey,
    chooseProgramme(id: string) {
      setProgrammeId(id);
      setOutcome(null);
      void loadHistory(id);
    },
    pick(next: PickedFile | null) {
      setOutcome(null);
      setError('');
      setFile(next);
      setFileError(next ? checkImportFile(next.name, next.size) : '');
    },
    async submit() {
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
        const result = await upload(programmeId, file);
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
    },
  };
}
