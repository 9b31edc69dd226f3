import { isUtf8 } from 'node:buffer';
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

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** How much of a file the detector reads (a sample: a whole 5 MB file is not needed to tell GBK from Big5). */
const SAMPLE_BYTES = 64 * 1024;

/**
 * A file's encoding and the length of its byte-order mark. Whether the whole file is UTF-8 is checked on the bytes
 * (`isUtf8`, no string is made); the detector reads a sample only.
 */
export function detectEncoding(bytes: Buffer): { encoding: TextEncoding; bom: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (isUtf8(bytes)) return { encoding: 'utf-8', bom: 0 };
  // Short files make every detector guess; a mainland Chinese sheet that is not UTF-8 is GBK/GB18030, so another
  // encoding is taken only when the detector is sure of it and it decodes cleanly.
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const [best] = chardet.analyse(sample);
  const other = best?.name.toLowerCase();
  // the sample may end inside a character: a streaming decoder keeps that tail instead of replacing it
  if (other && other !== 'gb18030' && best!.confidence >= SURE && iconv.encodingExists(other))
    if (!iconv.getDecoder(other).write(sample).includes('\uFFFD')) return { encoding: other, bom: 0 };
  return { encoding: 'gb18030', bom: 0 };
}

/**
 * The text of a file in pieces of about `chunkBytes` bytes, decoded as it goes (a character split between two pieces
 * is kept whole): a reader never holds the whole file as one string.
 */
export function* decodeChunks(bytes: Buffer, chunkBytes = SAMPLE_BYTES): Generator<string, TextEncoding> {
  const { encoding, bom } = detectEncoding(bytes);
  const decoder = iconv.getDecoder(encoding);
  for (let at = bom; at < bytes.length; at += chunkBytes) {
    const text = decoder.write(bytes.subarray(at, Math.min(bytes.length, at + chunkBytes)));
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
  return encoding;
}

/** A whole file as text (small files; readers of uploads use `decodeChunks`). */
export function decodeText(bytes: Buffer): DecodedText {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bytes.subarray(bom);
  return { text: encoding === 'utf-8' ? body.toString('utf8') : iconv.decode(body, encoding), encoding };
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
