import { ANY_DATE, isObjectId, type Doc } from './queries.js';
import { ANY_TEXT, findPage, searchKey, type Page, type PageRequest } from './paging.js';
import { STAFF_ROLES } from './types.js';
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

/** A row of the admin's 员工 table (no password hash). */
export interface StaffUserRow {
  id: string;
  username: string;
  role: UserRecord['role'];
  team: string | null;
  displayName: string | null;
  affiliation: { companyName?: string; creditCode?: string; phone?: string } | null;
  disabled: boolean;
  createdAt: Date;
}
export const toStaffUserRow = (d: Doc): StaffUserRow => ({
  id: String(d._id),
  username: d.username,
  role: d.role,
  team: d.team ?? null,
  displayName: d.displayName ?? null,
  affiliation: d.affiliation ?? null,
  disabled: Boolean(d.disabled),
  createdAt: d.createdAt,
});
export const USER_SORTS = ['username', 'createdAt'] as const;
export type UserSort = (typeof USER_SORTS)[number];

/** The normalized search keys a user document carries (#18): set on every write of its name or username. */
export const userSearchKeys = (u: { username?: string; displayName?: string | null }) => ({
  ...(u.username !== undefined && { usernameKey: searchKey(u.username) }),
  ...(u.displayName !== undefined && { nameKey: searchKey(u.displayName ?? '') }),
});

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
  /**
   * #18 the admin's 员工 table: a page of users of a role (or every role), maybe enabled or disabled only, by username
   * or creation time, searched by a prefix of the display name or the username (normalized); indexed.
   */
  async page(
    f: { role?: UserRecord['role']; disabled?: boolean; q?: string },
    req: PageRequest<UserSort>,
  ): Promise<Page<StaffUserRow>> {
    const filter: Doc = { role: f.role ?? { $in: [...STAFF_ROLES] } };
    if (f.disabled !== undefined) filter.disabled = f.disabled;
    const q = f.q && searchKey(f.q);
    return findPage(
      this.m.User,
      filter,
      { ...req, sortRange: req.sort === 'createdAt' ? ANY_DATE : ANY_TEXT },
      toStaffUserRow,
      q
        ? [
            { key: 'nameKey', prefix: q },
            { key: 'usernameKey', prefix: q },
          ]
        : undefined,
    );
  }
  /**
   * Every user by username, at most `limit` (the review console's staff list; every user has a staff role, so the
   * `{role, username}` index serves it).
   */
  async list(limit = 1000): Promise<StaffUserRow[]> {
    const filter = { role: { $in: [...STAFF_ROLES] }, username: ANY_TEXT };
    const docs: Doc[] = await this.m.User.find(filter).sort({ username: 1, _id: 1 }).limit(limit).lean();
    return docs.map(toStaffUserRow);
  }
  /** Creates the user unless the username exists (returns true when created). */
  async ensure(u: Omit<UserRecord, 'id'>): Promise<boolean> {
    const res = await this.m.User.updateOne(
      { username: u.username },
      { $setOnInsert: { ...u, disabled: Boolean(u.disabled), ...userSearchKeys(u) } },
      { upsert: true },
    );
    return res.upsertedCount > 0;
  }
}
