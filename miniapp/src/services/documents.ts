// Documents with expiry: the partner's (or applicant's) licences and certificates, and staff's list of what expires.
import type { components } from '@huoban/contracts';
import { downloadFile, uploadForm, type PickedFile } from './files';
import { request } from './request';

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

export const myDocuments = () => request<{ items: PartnerDocument[] }>({ path: '/documents/mine' });

export const partnerDocuments = (partnerId: string) =>
  request<{ items: PartnerDocument[] }>({ path: `/partners/${encodeURIComponent(partnerId)}/documents` });

export const expiringDocuments = (q: { withinDays?: number; page?: number; pageSize?: number }) =>
  request<DocumentPage>({ path: '/documents/expiring', query: { ...q } });

/** Files a document with its scan (pdf/jpg/png) as multipart; empty fields are not sent. */
export function uploadPartnerDocument(fields: DocumentFields, picked: PickedFile): Promise<PartnerDocument> {
  const sent = Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<
    string,
    string
  >;
  return uploadForm<PartnerDocument>('/documents', sent, picked);
}

export const downloadDocument = (d: Pick<PartnerDocument, 'id' | 'title'>) =>
  downloadFile({ path: `/documents/${encodeURIComponent(d.id)}/file`, fallbackName: `${d.title}.pdf` });
