import { createHash } from 'node:crypto';
import { DomainError } from '../../errors.js';
import { invalid, requireRole, type IntakeCaller, type IntakeContext } from '../context.js';

/** The seal image's size cap (the api's multer limit is the same figure). */
export const SEAL_MAX_BYTES = 512 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the seal's audit entries and reads show (never the bytes). */
export interface SealInfo {
  sha256: string;
  bytes: number;
  setAt: Date;
}

/** The seal document in `intake_settings` (`_id: 'seal'`), beside the settings document. */
const SEAL_ID = 'seal';

/** FT-11: the optional seal image an admin sets, drawn in the letter PDF's seal area. PNG only, size-capped. */
export class Seal {
  constructor(private readonly x: IntakeContext) {}

  async put(png: Buffer, c: IntakeCaller): Promise<SealInfo> {
    requireRole(c, ['admin'], '设置授权书印章');
    if (png.length === 0) throw invalid('file: 文件为空', ['file']);
    if (png.length > SEAL_MAX_BYTES)
      throw new DomainError('too_large', `file: 印章图片不能超过 ${SEAL_MAX_BYTES / 1024} KB`);
    if (!png.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) throw invalid('file: 印章图片须为 PNG 格式', ['file']);
    const before = await this.info();
    const info: SealInfo = {
      sha256: createHash('sha256').update(png).digest('hex'),
      bytes: png.length,
      setAt: this.x.now(),
    };
    await this.x.m.Settings.updateOne(
      { _id: SEAL_ID },
      { $set: { settings: { ...info, png, setBy: c.actor } } },
      { upsert: true },
    );
    await this.x.record(c, 'intake.seal_set', 'intake_settings', SEAL_ID, { before, after: info });
    return info;
  }

  async clear(c: IntakeCaller): Promise<void> {
    requireRole(c, ['admin'], '移除授权书印章');
    const before = await this.info();
    await this.x.m.Settings.deleteOne({ _id: SEAL_ID });
    if (before) await this.x.record(c, 'intake.seal_cleared', 'intake_settings', SEAL_ID, { before, after: null });
  }

  async info(): Promise<SealInfo | null> {
    const s = await this.stored();
    return s && { sha256: s.sha256, bytes: s.bytes, setAt: s.setAt };
  }

  /** The seal PNG, or null when none is set. */
  async image(): Promise<Buffer | null> {
    return (await this.stored())?.png ?? null;
  }

  private async stored(): Promise<(SealInfo & { png: Buffer }) | null> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const d: any = await this.x.m.Settings.findById(SEAL_ID).lean();
    const s = d?.settings;
    if (!s?.png) return null;
    // a Mixed path reads back as BSON Binary
    const png = Buffer.isBuffer(s.png) ? s.png : Buffer.from(s.png.buffer ?? s.png);
    return { sha256: s.sha256, bytes: s.bytes, setAt: new Date(s.setAt), png };
  }
}
