import { isDuplicateKey } from './connection.js';
import { isObjectId, type Doc } from './queries.js';
import type { Models } from './schemas.js';
import type { ProgrammeRecord } from './types.js';

export const toProgramme = (d: Doc): ProgrammeRecord => ({
  id: String(d._id),
  code: d.code,
  name: d.name,
  rulebook: d.rulebook,
  complaintWindow: { start: d.complaintWindow.start, end: d.complaintWindow.end, days: d.complaintWindow.days },
  slaHours: d.slaHours,
  warningMinutes: [...(d.warningMinutes ?? [])],
  createdAt: d.createdAt,
});

export class ProgrammeRepository {
  constructor(private readonly m: Models) {}
  async list(): Promise<ProgrammeRecord[]> {
    return (await this.m.Programme.find().sort({ code: 1 }).lean()).map(toProgramme);
  }
  async get(id: string): Promise<ProgrammeRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Programme.findById(id).lean();
    return d ? toProgramme(d) : null;
  }
  /** Creates, or returns null when the code is taken. */
  async create(p: Omit<ProgrammeRecord, 'id' | 'createdAt'>): Promise<ProgrammeRecord | null> {
    try {
      return toProgramme((await this.m.Programme.create(p)).toObject());
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  /** Inserts the programme unless one with the code exists; returns whichever is stored. */
  async ensure(p: Omit<ProgrammeRecord, 'id' | 'createdAt'>): Promise<ProgrammeRecord> {
    const d = await this.m.Programme.findOneAndUpdate(
      { code: p.code },
      { $setOnInsert: p },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return toProgramme(d);
  }
}
