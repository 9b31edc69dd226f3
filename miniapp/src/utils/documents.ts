// Documents with expiry: the choices and tones the pages show (the labels themselves come from the api).
import type { DocumentKind, PartnerDocument } from '@/services/documents';

export const DOCUMENT_KIND_OPTIONS: { value: DocumentKind; label: string }[] = [
  { value: 'business_licence', label: '营业执照' },
  { value: 'qualification', label: '特殊资质/证书' },
  { value: 'tax_status', label: '纳税状态证明' },
  { value: 'other', label: '其他证照' },
];

/** The tag class of a document's state. */
export const DOCUMENT_STATE_TONE: Record<PartnerDocument['state'], string> = {
  valid: 'tag--closed',
  expiring: 'tag--open',
  expired: 'tag--breached',
  superseded: '',
};
