import mongoose, { type Connection } from 'mongoose';
import { Readable } from 'node:stream';

export interface StoredFile {
  id: string;
  fileName: string;
  type: string;
  mime: string;
  size: number;
  uploadedAt: Date;
  metadata: Record<string, unknown>;
}

/** Evidence, minutes and letter PDFs in MongoDB GridFS (bucket `intake_files`; works on FerretDB too). */
export class IntakeFiles {
  private readonly bucket: InstanceType<typeof mongoose.mongo.GridFSBucket>;
  constructor(private readonly conn: Connection) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    this.bucket = new mongoose.mongo.GridFSBucket(conn.db as any, { bucketName: 'intake_files' });
  }

  async put(fileName: string, bytes: Buffer, mime: string, metadata: Record<string, unknown>): Promise<string> {
    const id = new mongoose.Types.ObjectId();
    await new Promise<void>((resolve, reject) => {
      const up = this.bucket.openUploadStreamWithId(id, fileName, { metadata: { ...metadata, mime } });
      up.once('finish', () => resolve());
      up.once('error', reject);
      Readable.from([bytes]).pipe(up);
    });
    return String(id);
  }

  private files() {
    return this.conn.db!.collection('intake_files.files');
  }

  async find(filter: Record<string, unknown>): Promise<StoredFile[]> {
    const q: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(filter)) q[`metadata.${k}`] = v;
    const docs = await this.files().find(q).sort({ uploadDate: 1 }).limit(1000).toArray();
    return docs.map(toFile);
  }

  async get(id: string): Promise<StoredFile | null> {
    if (!/^[0-9a-f]{24}$/i.test(id)) return null;
    const d = await this.files().findOne({ _id: new mongoose.Types.ObjectId(id) });
    return d ? toFile(d) : null;
  }

  async read(id: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of this.bucket.openDownloadStream(new mongoose.Types.ObjectId(id))) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async delete(id: string): Promise<void> {
    await this.bucket.delete(new mongoose.Types.ObjectId(id));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const toFile = (d: any): StoredFile => ({
  id: String(d._id),
  fileName: d.filename,
  type: d.metadata?.type ?? '',
  mime: d.metadata?.mime ?? 'application/octet-stream',
  size: d.length,
  uploadedAt: d.uploadDate,
  metadata: d.metadata ?? {},
});
