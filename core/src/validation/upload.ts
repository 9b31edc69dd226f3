/**
 * Uploads are told by their bytes, never by their name: a file named `.csv` must really be text. Executables,
 * archives other than a workbook, PDFs, images and HTML/script are refused.
 */
const BINARY_MAGIC: number[][] = [
  [0x4d, 0x5a], // MZ: Windows executable
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O
  [0xca, 0xfe, 0xba, 0xbe], // Mach-O fat / Java class
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x1f, 0x8b], // gzip
  [0x23, 0x21], // #! script
];
const MARKUP = /^\s*<(?:!doctype|html|script|svg|\?xml|body|iframe)/i;

/** True when the bytes are plain text a CSV reader may take (no NUL, not a known binary or markup format). */
export function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  const body = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  if (BINARY_MAGIC.some((m) => m.every((b, i) => body[i] === b))) return false;
  if (body.includes(0)) return false;
  return !MARKUP.test(body.toString('latin1'));
}
