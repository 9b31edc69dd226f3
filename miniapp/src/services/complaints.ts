import { api } from './request';
import type { Complaint, ComplaintKind, ComplaintPage, ComplaintStatus, NewComplaint } from './types';

export interface ComplaintFilter {
  status?: ComplaintStatus;
  kind?: ComplaintKind;
  partnerId?: string;
  page?: number;
  pageSize?: number;
}

export function listComplaints(filter: ComplaintFilter = {}): Promise<ComplaintPage> {
  return api.get('/api/v1/complaints', { query: { ...filter } });
}

export function getComplaint(id: string): Promise<Complaint> {
  return api.get('/api/v1/complaints/{id}', { path: { id } });
}

export function registerComplaint(input: NewComplaint): Promise<Complaint> {
  return api.post('/api/v1/complaints', { body: input });
}

export function replyToComplaint(id: string, text: string): Promise<Complaint> {
  return api.post('/api/v1/complaints/{id}/replies', { path: { id }, body: { text } });
}

export function confirmReply(id: string, replyId: string): Promise<Complaint> {
  return api.post('/api/v1/complaints/{id}/confirm', { path: { id }, body: { replyId } });
}

export function rejectReply(id: string, replyId: string, reason: string): Promise<Complaint> {
  return api.post('/api/v1/complaints/{id}/reject', { path: { id }, body: { replyId, reason } });
}
