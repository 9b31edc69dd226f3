import { isObjectId, type Doc } from './queries.js';
import type { Models } from './schemas.js';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: 'staff' | 'admin' | 'reviewer' | 'committee';
  displayName?: string;
  team?: string;
  disabled?: boolean;
}

export class UserRepository {
  constructor(private readonly m: Models) {}
  async byUsername(username: string): Promise<UserRecord | null> {
    const d: Doc | null = await this.m.User.findOne({ username }).lean();
    return d
      ? {
          id: String(d._id),
          username: d.username,
          passwordHash: d.passwordHash,
          role: d.role,
          displayName: d.displayName,
          team: d.team,
          disabled: Boolean(d.disabled),
        }
      : null;
  }
  async byId(id: string): Promise<UserRecord | null> {
    if (!isObjectId(id)) return null;
    const d: Doc | null = await this.m.User.findById(id).lean();
    return d ? this.byUsername(d.username) : null;
  }
  /** Replaces the password hash; false when the user does not exist. */
  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    if (!isObjectId(id)) return false;
    return (await this.m.User.updateOne({ _id: id }, { $set: { passwordHash } })).matchedCount > 0;
  }
  /** Creates the user unless the username exists (returns true when created). */
  async ensure(u: Omit<UserRecord, 'id'>): Promise<boolean> {
    const res = await this.m.User.updateOne({ username: u.username }, { $setOnInsert: u }, { upsert: true });
    return res.upsertedCount > 0;
  }
}
