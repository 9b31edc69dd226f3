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
  /** tokens issued at another version are refused (issue #20) */
  tokenVersion?: number;
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
          tokenVersion: d.tokenVersion ?? 0,
        }
      : null;
  }
  async byId(id: string): Promise<UserRecord | null> {
    if (!isObjectId(id)) return null;
    const d: Doc | null = await this.m.User.findById(id).lean();
    return d ? this.byUsername(d.username) : null;
  }
  /** Replaces the password hash; false when the user does not exist. `signOut`: every token is revoked too. */
  async setPassword(id: string, passwordHash: string, signOut = true): Promise<boolean> {
    if (!isObjectId(id)) return false;
    const update = signOut ? { $set: { passwordHash }, $inc: { tokenVersion: 1 } } : { $set: { passwordHash } };
    return (await this.m.User.updateOne({ _id: id }, update)).matchedCount > 0;
  }
  /** Signs the user out everywhere: every token issued before (at an older `tokenVersion`) is refused. */
  async revokeTokens(id: string): Promise<boolean> {
    if (!isObjectId(id)) return false;
    return (await this.m.User.updateOne({ _id: id }, { $inc: { tokenVersion: 1 } })).matchedCount > 0;
  }
  /** What the auth guard checks on each request (one `_id` read): the account's role, state and token version. */
  async tokenState(id: string): Promise<{ role: string; disabled: boolean; tokenVersion: number } | null> {
    if (!isObjectId(id)) return null;
    const d: Doc | null = await this.m.User.findById(id, { role: 1, disabled: 1, tokenVersion: 1 }).lean();
    return d ? { role: d.role, disabled: Boolean(d.disabled), tokenVersion: d.tokenVersion ?? 0 } : null;
  }
  /** Creates the user unless the username exists (returns true when created). */
  async ensure(u: Omit<UserRecord, 'id'>): Promise<boolean> {
    const res = await this.m.User.updateOne({ username: u.username }, { $setOnInsert: u }, { upsert: true });
    return res.upsertedCount > 0;
  }
}
