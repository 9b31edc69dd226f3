// Monthly metrics import (contract "monthly metrics import and exports") and the credit month export.
import { downloadFile, uploadImportFile, type PickedFile } from './files';
import { request } from './request';
import type { MetricsImport } from './types';
import type { ImportOutcome } from '@/utils/metrics-import';

/** 202 accepted / 200 same file imported before / 422 row errors (nothing stored); 400 and others throw ApiError. */
export function uploadMetrics(programmeId: string, file: PickedFile): Promise<ImportOutcome> {
  return uploadImportFile('/metrics/imports', { programmeId }, file);
}

export function getImport(id: string): Promise<MetricsImport> {
  return request<MetricsImport>({ path: `/metrics/imports/${encodeURIComponent(id)}` });
}

/** The programme's imports, newest first. */
export async function listImports(programmeId: string): Promise<MetricsImport[]> {
  const res = await request<MetricsImport[] | { items: MetricsImport[] }>({
    path: '/metrics/imports',
    query: { programmeId },
  });
  return Array.isArray(res) ? res : res.items;
}

/** The CSV template (header row + one example row). */
export function downloadTemplate(): Promise<void> {
  return downloadFile({ path: '/metrics/template', fallbackName: '月度经营数据模板.csv' });
}

/** MG month-end credit scores as .xlsx. */
export function exportCreditMonth(month: string): Promise<void> {
  return downloadFile({
    path: `/credit/months/${encodeURIComponent(month)}/export.xlsx`,
    fallbackName: `积分月报-${month}.xlsx`,
  });
}
