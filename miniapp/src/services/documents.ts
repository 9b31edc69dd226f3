// Documents with expiry: the partner's (or applicant's) licences and certificates, and staff's list of what expires.
import type { components } from '@huoban/contracts';
import { downloadFile, uploadForm, type PickedFile } from './files';
import { api } from './request';

type Schemas = components['schemas'];
export type PartnerDocument = Schemas['PartnerDocument'];
export type DocumentPage = Schemas['DocumentPage'];
export type DocumentKind = PartnerDocument['kind'];

export interface DocumentFields {
  kind: DocumentKind | '';
  title: string;
  number: string;
  issuedOn: string;
  expiresOn: string;
  /** staff: whose document */
  partnerId?: string;
  /** the document this one replaces */
  replaces?: string;
}

export const myDocuments = (): Promise<Schemas['DocumentList']> => api.get('/api/v1/documents/mine');

export const partnerDocuments = (partnerId: string): Promise<Schemas['DocumentList']> =>
  api.get('/api/v1/partners/{partnerId}/documents', { path: { partnerId } });

export const expiringDocuments = (query: {
  withinDays?: number;
  page?: number;
  pageSize?: number;
}): Promise<DocumentPage> => api.get('/api/v1/documents/expiring', { query });

/** Files a document with its scan (pdf/jpg/png) as multipart; empty fields are not sent. */
export function uploadPartnerDocument(fields: DocumentFields, picked: PickedFile): Promise<PartnerDocument> {
  const sent = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => typeof v === 'string' && v !== ''),
  ) as Record<string, string>;
  return uploadForm<PartnerDocument>(api.url('post', '/api/v1/documents', {}), sent, picked);
}

export const downloadDocument = (d: Pick<PartnerDocument, 'id' | 'title'>) =>
  downloadFile({
    url: api.url('get', '/api/v1/documents/{id}/file', { path: { id: d.id } }),
    fallbackName: `${d.title}.pdf`,
  });
