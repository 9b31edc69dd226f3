/**
 * Free text entered by people (summaries, replies, reasons, plans): one normalisation for every field.
 * Trimmed (also of invisible characters), NFC; refused when blank or made only of invisible characters, and when
 * it holds control characters (C0 except tab/newline/CR, DEL, C1) or bidirectional overrides.
 */

/** Characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen, Mongolian separator. */
const INVISIBLE = new Set([...'\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff']);
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]/u;

/** True when `s` holds a control character (C0 except tab/newline/CR, DEL, C1) or a bidirectional override. */
export const hasControlChars = (s: string): boolean => CONTROL.test(s);

const isBlankChar = (c: string) => /\s/u.test(c) || INVISIBLE.has(c);

/** Trims whitespace and invisible characters from both ends (all of them are single UTF-16 units). */
function trimInvisible(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isBlankChar(s[a]!)) a++;
  while (b > a && isBlankChar(s[b - 1]!)) b--;
  return s.slice(a, b);
}

export type TextCheck = { ok: true; value: string } | { ok: false; problem: 'not_text' | 'blank' | 'control' };

export function normaliseText(raw: unknown): TextCheck {
  if (typeof raw !== 'string') return { ok: false, problem: 'not_text' };
  if (CONTROL.test(raw)) return { ok: false, problem: 'control' };
  const value = trimInvisible(raw.normalize('NFC'));
  if (value === '') return { ok: false, problem: 'blank' };
  return { ok: true, value };
}

/** Chinese message for a refused text field. */
export function textProblemMessage(field: string, problem: 'not_text' | 'blank' | 'control'): string {
  if (problem === 'not_text') return `${field} 必须是文本`;
  if (problem === 'blank') return `${field} 不能为空（不能只含空格或不可见字符）`;
  return `${field} 不能包含控制字符`;
}
