import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Text files as staff save them. Chinese Excel writes "CSV (逗号分隔)" in the system code page, GBK (CP936), not
 * UTF-8, so a reader that takes UTF-8 only fails a staff member's first import. A file is read as:
 *   1. UTF-8 when it carries the UTF-8 BOM or is valid UTF-8 throughout (plain ASCII included);
 *   2. UTF-16 LE/BE when it carries that BOM ("Unicode 文本" from Excel);
 *   3. otherwise GB18030 (a superset of GBK and GB2312), unless chardet is sure of another encoding (e.g. Big5 from
 *      a Traditional Chinese sheet) that iconv-lite decodes without replacement characters.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | (string & {});

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

export function decodeText(bytes: Buffer): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: detect below
  }
  // Short files make every detector guess; a mainland Chinese sheet that is not UTF-8 is GBK/GB18030, so another
  // encoding is taken only when the detector is sure of it and it decodes cleanly.
  const [best] = chardet.analyse(bytes);
  const other = best?.name.toLowerCase();
  if (other && other !== 'gb18030' && best!.confidence >= SURE && iconv.encodingExists(other)) {
    const text = iconv.decode(bytes, other);
    if (!text.includes('\uFFFD')) return { text, encoding: other };
  }
  return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
}

/** chardet's confidence (0–100) above which its guess beats the GB18030 default. */
const SURE = 70;

/** The CSV encodings an export offers: UTF-8 with a BOM (current Excel, WPS) or GBK (older Excel on Chinese Windows). */
export const CSV_ENCODINGS = ['utf-8', 'gbk'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** A CSV text as the bytes of a download, with its Content-Type. The text may start with a BOM; GBK drops it. */
export function encodeCsv(text: string, encoding: CsvEncoding = 'utf-8'): { bytes: Buffer; contentType: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (encoding === 'gbk') return { bytes: iconv.encode(body, 'gbk'), contentType: 'text/csv; charset=gbk' };
  return { bytes: Buffer.from(`\uFEFF${body}`, 'utf8'), contentType: 'text/csv; charset=utf-8' };
}
