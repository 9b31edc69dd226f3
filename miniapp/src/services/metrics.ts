// Monthly metrics import (contract "monthly metrics import and exports") and the credit month export.
import { downloadFile, uploadImportFile, type PickedFile } from './files';
import { api } from './request';
import type { MetricsImport } from './types';
import type { ImportOutcome } from '@/utils/metrics-import';

/** 202 accepted / 200 same file imported before / 422 row errors (nothing stored); 400 and others throw ApiError. */
export function uploadMetrics(programmeId: string, file: PickedFile): Promise<ImportOutcome> {
  return uploadImportFile(api.url('post', '/api/v1/metrics/imports'), { programmeId }, file);
}

export function getImport(id: string): Promise<MetricsImport> {
  return api.get('/api/v1/metrics/imports/{id}', { path: { id } });
}

/** The programme's imports, newest first. */
export function listImports(programmeId: string): Promise<MetricsImport[]> {
  return api.get('/api/v1/metrics/imports', { query: { programmeId } });
}

/** The CSV template (header row + one example row). */
export function downloadTemplate(): Promise<void> {
  return downloadFile({ url: api.url('get', '/api/v1/metrics/template'), fallbackName: '月度经营数据模板.csv' });
}

/** MG month-end credit scores as .xlsx. */
export function exportCreditMonth(month: string): Promise<void> {
  return downloadFile({
    url: api.url('get', '/api/v1/credit/months/{month}/export.xlsx', { path: { month } }),
    fallbackName: `积分月报-${month}.xlsx`,
  });
}
