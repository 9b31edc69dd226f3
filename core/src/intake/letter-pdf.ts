import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { shanghaiDate } from '../calendar/index.js';
import { processConfig } from '../config.js';
import type { LetterRecord } from './types.js';

/** CJK fonts from Debian's fonts-noto-cjk / fonts-wqy-microhei (pdfkit reads a face out of the TTC). */
const FONTS: [string, string][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
];

export function cjkFont(): [string, string] {
  const configured = processConfig().pdfFont;
  if (configured) return configured;
  const f = FONTS.find(([path]) => existsSync(path));
  if (!f) throw new Error('no CJK font found: install fonts-noto-cjk or fonts-wqy-microhei (or set HUOBAN_PDF_FONT)');
  return f;
}

/** What the letter shows: the issued letter's fields and its verification link. */
export type LetterPdfInput = Pick<
  LetterRecord,
  | 'letterNo'
  | 'grantor'
  | 'grantee'
  | 'products'
  | 'capabilities'
  | 'governingRules'
  | 'validFrom'
  | 'validTo'
  | 'issuedAt'
> & { verifyUrl: string; /** the admin-set seal PNG drawn in the seal area (FT-11), if any */ seal?: Buffer | null };

const list = (xs: string[]) => (xs.length ? xs.join('、') : '—');

/** FT-11: the 业务拓展授权书 from the Annex 2 template, with a QR code to the public verification page. */
export async function renderLetterPdf(l: LetterPdfInput): Promise<Buffer> {
  const [fontPath, face] = cjkFont();
  const qr = await QRCode.toBuffer(l.verifyUrl, { type: 'png', margin: 1, width: 200, errorCorrectionLevel: 'M' });
  const doc = new PDFDocument({ size: 'A4', margin: 64, info: { Title: `业务拓展授权书 ${l.letterNo}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  if (face) doc.font(fontPath, face);
  else doc.font(fontPath);
  doc.fontSize(22).text('业务拓展授权书', { align: 'center' });
  doc.moveDown(0.5).fontSize(10).text(`编号：${l.letterNo}`, { align: 'right' });
  doc.moveDown(1.2).fontSize(13);
  doc.text(
    `由${l.grantor}兹授权“${l.grantee}”就${l.grantor}的${list(l.products)}等产品展开合作，` +
      (l.capabilities.length ? `合作中可使用我司${list(l.capabilities)}等系统能力。` : '') +
      `本函所涉内容的合作细则应遵循${list(l.governingRules)}的相关规定，并以各方签订的合同条款为最终执行标准。`,
    { lineGap: 6, indent: 26 },
  );
  doc.moveDown(1);
  doc.text(`授权有效期：${shanghaiDate(l.validFrom)} 至 ${shanghaiDate(l.validTo)}`);
  doc.text('被授权方须在授权范围及有效期内开展业务拓展。');
  // the seal area: a labelled box with the issuing company and date; the admin's seal image inside when set
  const box = { x: 331, y: doc.y + 24, w: 200, h: 150 };
  doc.rect(box.x, box.y, box.w, box.h).lineWidth(0.8).strokeColor('#999999').stroke();
  if (l.seal) doc.image(l.seal, box.x + 40, box.y + 8, { fit: [120, 120], align: 'center', valign: 'center' });
  doc
    .fontSize(10)
    .fillColor('#666666')
    .text('（盖章）', box.x, box.y + 8, { width: box.w, align: 'center' });
  doc.fillColor('#000000').fontSize(12);
  doc.text(`授权方：${l.grantor}`, box.x, box.y + box.h - 44, { width: box.w, align: 'center' });
  doc.text(`日期：${shanghaiDate(l.issuedAt)}`, box.x, box.y + box.h - 24, { width: box.w, align: 'center' });
  const y = box.y;
  doc.image(qr, 64, y, { width: 110 });
  doc.fontSize(9).text('扫码核验授权书真伪及状态', 64, y + 116);
  doc.text(l.verifyUrl, 64, y + 130, { width: 240 });
  doc.end();
  return done;
}
