import { DomainError } from '../../errors.js';
import { conflict, invalid, notFound, requireApplicant, type IntakeCaller, type IntakeContext } from '../context.js';
import { CRITERION_IDS, EVIDENCE_MIME, extensionType, sniffEvidence } from '../rules.js';

/** An application's evidence files (FT-2): pdf/jpg/png by magic bytes, in GridFS, per application version. */
export class Evidence {
  constructor(private readonly x: IntakeContext) {}

  /** Evidence (pdf/jpg/png by magic bytes, matching the extension, size and count limits) into GridFS. */
  async upload(id: string, file: { name: string; bytes: Buffer }, criterion: string | undefined, c: IntakeCaller) {
    const app = await this.x.application(id, c);
    requireApplicant(c, '上传材料');
    if (app.status !== 'draft') throw conflict('申请已提交，不能再上传材料');
    if (criterion !== undefined && !CRITERION_IDS.includes(criterion)) throw invalid('criterion: 未知的评审项');
    const s = await this.x.checkUpload(file);
    const claimed = extensionType(file.name);
    if (!claimed) throw invalid('file: 只接受 pdf、jpg、png 文件');
    const actual = sniffEvidence(file.bytes);
    if (actual !== claimed) throw invalid('file: 文件内容与扩展名不符（只接受 pdf、jpg、png）');
    const existing = await this.x.files.find({ applicationId: id, kind: 'evidence' });
    if (existing.length >= s.maxFiles) throw new DomainError('too_large', `file: 每份申请最多 ${s.maxFiles} 个文件`);
    const fileId = await this.x.files.put(file.name, file.bytes, EVIDENCE_MIME[actual], {
      kind: 'evidence',
      applicationId: id,
      applicantId: app.applicantId,
      criterion: criterion ?? null,
      type: actual,
      version: app.version,
    });
    const size = file.bytes.length;
    await this.x.record(c, 'application.evidence_uploaded', 'application', id, {
      after: { fileId, name: file.name, size, criterion },
    });
    return { id: fileId, fileName: file.name, type: actual, size, criterion: criterion ?? null };
  }

  async list(id: string, c: IntakeCaller) {
    await this.x.readable(id, c);
    return (await this.x.files.find({ applicationId: id, kind: 'evidence' })).map((f) => ({
      id: f.id,
      fileName: f.fileName,
      type: f.type,
      size: f.size,
      criterion: f.metadata.criterion ?? null,
      version: f.metadata.version ?? 1,
      uploadedAt: f.uploadedAt,
    }));
  }

  /** A file of the application, for its applicant, staff and its panels only (another's reads as 404). */
  async get(id: string, fileId: string, c: IntakeCaller) {
    await this.x.readable(id, c);
    const f = await this.x.files.get(fileId);
    if (!f || f.metadata.applicationId !== id) throw notFound('文件');
    return { file: f, bytes: await this.x.files.read(fileId) };
  }

  /** Removes a draft's file. */
  async delete(id: string, fileId: string, c: IntakeCaller) {
    const app = await this.x.application(id, c);
    requireApplicant(c, '删除材料');
    if (app.status !== 'draft') throw conflict('申请已提交，不能删除材料');
    const f = await this.x.files.get(fileId);
    if (!f || f.metadata.applicationId !== id || (f.metadata.version ?? 1) !== app.version) throw notFound('文件');
    await this.x.files.delete(fileId);
    await this.x.record(c, 'application.evidence_deleted', 'application', id, {
      before: { fileId, name: f.fileName },
    });
  }
}
