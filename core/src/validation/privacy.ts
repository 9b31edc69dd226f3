/**
 * PIPL: personal numbers shown in lists and written to logs are masked. Detail views for the owner and staff
 * show them whole; lists and logs use these.
 */

/** `13812345678` → `138****5678`; `+86 138-1234-5678` keeps its prefix and last four digits. Short values: all masked. */
export function maskPhone(v: string | null | undefined): string | null | undefined {
  if (v === null || v === undefined) return v;
  const digits = v.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(v.length);
  const national = digits.length > 11 && digits.startsWith('86') ? digits.slice(digits.length - 11) : digits;
  return `${national.slice(0, 3)}${'*'.repeat(national.length - 7)}${national.slice(-4)}`;
}

/** Resident ID `110101199003074518` → `1101**********4518` (first four, last four); short values: all masked. */
export function maskId(v: string | null | undefined): string | null | undefined {
  if (v === null || v === undefined) return v;
  if (v.length < 9) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/**
 * A number standing on its own: not glued to other digits or Latin letters, so an identifier (an ObjectId, a hash, a
 * token) holding a run of digits that reads like a mobile number is left whole (the ID pattern's boundary too).
 */
const PHONE_IN_TEXT = /(?<![\dA-Za-z])(1[3-9]\d)(\d{4})(\d{4})(?![\dA-Za-z])/g;
const ID_IN_TEXT = /(?<![\dA-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![\dA-Za-z])/g;

/** Masks mainland mobile numbers and resident ID numbers found inside free text (for log lines). */
export function maskPersonalData(text: string): string {
  return text.replace(ID_IN_TEXT, '$1**********$2').replace(PHONE_IN_TEXT, '$1****$3');
}
