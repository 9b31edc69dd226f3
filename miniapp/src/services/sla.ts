// Staff SLA views: the 临期投诉 queue, the 投诉时效报表 (and its Excel), the complaints import.
import { downloadFile, uploadImportFile, type PickedFile } from './files';
import { api } from './request';
import type { Complaint, ComplaintImport, SlaReport } from './types';
import type { ImportOutcome } from '@/utils/metrics-import';

export interface SlaFilter {
  programmeId?: string;
  partnerId?: string;
}

/** Running complaints, the caller's own registrations first, then by working time left. */
export async function complaintQueue(f: SlaFilter = {}): Promise<Complaint[]> {
  return (await api.get('/api/v1/complaints/queue', { query: { ...f } })).items;
}

export function slaReport(period: string, f: SlaFilter = {}): Promise<SlaReport> {
  return api.get('/api/v1/complaints/sla-report', { query: { period, ...f } });
}

/** The report as .xlsx (H5: a download; WeChat: opened with openDocument). */
export function exportSlaReport(period: string, f: SlaFilter = {}): Promise<void> {
  return downloadFile({
    url: api.url('get', '/api/v1/complaints/sla-report.xlsx', { query: { period, ...f } }),
    fallbackName: `投诉时效报表-${period}.xlsx`,
  });
}

/** 201 registered / 200 same file before / 422 row errors (nothing stored); 400 and others throw ApiError. */
export function uploadComplaints(programmeId: string, file: PickedFile): Promise<ImportOutcome<ComplaintImport>> {
  return uploadImportFile(api.url('post', '/api/v1/complaints/imports'), { programmeId }, file);
}

export function listComplaintImports(programmeId: string): Promise<ComplaintImport[]> {
  return api.get('/api/v1/complaints/imports', { query: { programmeId } });
}

export function downloadComplaintTemplate(): Promise<void> {
  return downloadFile({
    url: api.url('get', '/api/v1/complaints/imports/template'),
    fallbackName: '投诉导入模板.csv',
  });
}
