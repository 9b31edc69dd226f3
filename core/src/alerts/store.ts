import { Schema, type Connection, type Model } from 'mongoose';
import type { QuietHours } from '../calendar/index.js';
import { isDuplicateKey } from '../db/connection.js';
import type { Actor } from '../db/types.js';
import { DEFAULT_DIGEST_AFTER, type AlertSettings } from './rules.js';

/**
 * `alert_settings`: append-only revisions of each programme's alert settings. A change inserts revision
 * `rev + 1` under the unique `_id` `<programmeId>-<rev>`, so two admins saving over the same revision cannot
 * both win (FerretDB does not make guarded updates atomic; unique keys hold). The newest revision is in force.
 */
export const ALERT_SETTINGS_COLLECTION = 'alert_settings';

export interface AlertSettingsRecord extends AlertSettings {
  programmeId: string;
  rev: number;
  reason: string;
  updatedBy: Actor;
  updatedAt: Date;
}

interface Doc extends AlertSettingsRecord {
  _id: string;
}

const quietSchema = new Schema<QuietHours>({ start: String, end: String }, { _id: false });

export const alertSettingsSchema = new Schema<Doc>(
  {
    _id: { type: String, required: true },
    programmeId: { type: String, required: true },
    rev: { type: Number, required: true },
    rooms: { type: [String], default: [] },
    contacts: { type: [String], default: [] },
    quietHours: { type: quietSchema, default: null },
    digestAfter: { type: Number, default: DEFAULT_DIGEST_AFTER },
    channels: { type: [String], default: ['wechat'] },
    wecomRobots: { type: Schema.Types.Mixed, default: [] },
    reason: { type: String, required: true },
    updatedBy: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: ALERT_SETTINGS_COLLECTION, versionKey: false, minimize: false },
);
alertSettingsSchema.index({ programmeId: 1, rev: -1 });

const toRecord = (d: Doc): AlertSettingsRecord => ({
  programmeId: d.programmeId,
  rev: d.rev,
  rooms: [...(d.rooms ?? [])],
  contacts: [...(d.contacts ?? [])],
  quietHours: d.quietHours ? { start: d.quietHours.start, end: d.quietHours.end } : null,
  digestAfter: d.digestAfter ?? DEFAULT_DIGEST_AFTER,
  channels: d.channels?.length ? [...d.channels] : ['wechat'],
  wecomRobots: (d.wecomRobots ?? []).map((r) => ({ id: r.id, name: r.name, key: r.key })),
  reason: d.reason,
  updatedBy: d.updatedBy,
  updatedAt: d.updatedAt,
});

export class AlertSettingsStore {
  readonly model: Model<Doc>;
  constructor(conn: Connection) {
    this.model =
      (conn.models.AlertSettings as Model<Doc> | undefined) ?? conn.model<Doc>('AlertSettings', alertSettingsSchema);
  }

  /** The revision in force, or null when the programme has none. */
  async current(programmeId: string): Promise<AlertSettingsRecord | null> {
    const d = await this.model.findOne({ programmeId }).sort({ rev: -1 }).lean<Doc>();
    return d ? toRecord(d) : null;
  }

  /** The revisions in force of these programmes (one read). */
  async currentMany(programmeIds: string[]): Promise<Map<string, AlertSettingsRecord>> {
    const out = new Map<string, AlertSettingsRecord>();
    if (!programmeIds.length) return out;
    const docs = await this.model.find({ programmeId: { $in: programmeIds } }).lean<Doc[]>();
    for (const d of docs) if ((out.get(d.programmeId)?.rev ?? 0) < d.rev) out.set(d.programmeId, toRecord(d));
    return out;
  }

  /** Inserts the next revision after `rev`; false when another change took that revision first. */
  async insert(r: AlertSettingsRecord): Promise<boolean> {
    try {
      await this.model.create({ _id: `${r.programmeId}-${r.rev}`, ...r });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
