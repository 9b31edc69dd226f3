/**
 * RFC 4180 CSV read as a stream (issue #15): quoted fields, doubled quotes, CRLF or LF, records handed out one at a
 * time as the text arrives in pieces. A reader holds one piece and the record being read, never the whole file, and
 * stops reading where it stops asking (a row cap refuses a file without decoding the rest).
 */
import { sheetError } from './sheet-error.js';

/** The records of a CSV text given in pieces of any size (a quote or a CRLF may be split between two pieces). */
export function* csvRecords(pieces: Iterable<string>): Generator<string[]> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  /** a quote inside a quoted field was the last character of a piece: a doubled quote or the field's end */
  let quoteAtEnd = false;
  /** a record ended on `\r` at the end of a piece: a `\n` starting the next one belongs to it */
  let crAtEnd = false;
  /** something was read since the last record ended (a final record without a line break still counts) */
  let open = false;
  for (const text of pieces) {
    if (text === '') continue;
    let i = 0;
    if (crAtEnd && text[0] === '\n') i = 1;
    crAtEnd = false;
    if (quoteAtEnd) {
      quoteAtEnd = false;
      if (text[i] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    }
    let start = i; // the run of plain characters of the current field begins here
    for (; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch !== '"') continue;
        field += text.slice(start, i);
        if (i + 1 === text.length) {
          quoteAtEnd = true;
          start = i + 1;
          break;
        }
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
        start = i + 1;
      } else if (ch === '"' && field === '' && start === i) {
        quoted = true;
        open = true;
        start = i + 1;
      } else if (ch === ',') {
        record.push(field + text.slice(start, i));
        field = '';
        open = true;
        start = i + 1;
      } else if (ch === '\n' || ch === '\r') {
        record.push(field + text.slice(start, i));
        yield record;
        record = [];
        field = '';
        open = false;
        if (ch === '\r') {
          if (i + 1 === text.length) crAtEnd = true;
          else if (text[i + 1] === '\n') i++;
        }
        start = i + 1;
      } else open = true;
    }
    if (start < text.length) field += text.slice(start);
  }
  if (quoted && !quoteAtEnd) throw sheetError('CSV 格式错误：引号未闭合');
  if (open || field !== '' || record.length) {
    record.push(field);
    yield record;
  }
}
