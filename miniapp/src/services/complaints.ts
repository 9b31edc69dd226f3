import { request } from './request';
import type { Complaint, ComplaintKind, ComplaintPage, ComplaintStatus, NewComplaint } from './types';

export interface ComplaintFilter {
  status?: ComplaintStatus;
  kind?: ComplaintKind;
  partnerId?: string;
  page?: number;
  pageSize?: number;
}

const base = '/complaints';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export function listComplaints(filter: ComplaintFilter = {}): Promise<ComplaintPage> {
  return request<ComplaintPage>({ path: base, query: { ...filter } });
}

export function getComplaint(id: string): Promise<Complaint> {
  return request<Complaint>({ path: one(id) });
}

export function registerComplaint(input: NewComplaint): Promise<Complaint> {
  return request<Complaint>({ path: base, method: 'POST', body: input });
}

export function replyToComplaint(id: string, text: string): Promise<Complaint> {
  return request<Complaint>({ path: `${one(id)}/replies`, method: 'POST', body: { text } });
}

export function confirmReply(id: string, replyId: string): Promise<Complaint> {
  return request<Complaint>({ path: `${one(id)}/confirm`, method: 'POST', body: { replyId } });
}

export function rejectReply(id: string, replyId: string, reason: string): Promise<Complaint> {
  return request<Complaint>({ path: `${one(id)}/reject`, method: 'POST', body: { replyId, reason } });
}
