import { randomBytes } from 'node:crypto';
import { isDuplicateKey } from './connection.js';
import { ANY_DATE, findByIds, isObjectId, oid, type Doc } from './queries.js';
import { ANY_TEXT, findPage, searchKey, type Page, type PageRequest } from './paging.js';
import type { Models } from './schemas.js';
import { PARTNER_STATUSES, type PartnerRecord, type PartnerStatus } from './types.js';

export const PARTNER_SORTS = ['code', 'name', 'createdAt'] as const;
export type PartnerSort = (typeof PARTNER_SORTS)[number];

export const toPartner = (d: Doc): PartnerRecord => ({
  id: String(d._id),
  code: d.code,
  name: d.name,
  programmeId: String(d.programmeId),
  status: d.status,
  rev: d.rev ?? 0,
  inviteCode: d.inviteCode,
  contactName: d.contactName ?? undefined,
  contactPhone: d.contactPhone ?? undefined,
  createdAt: d.createdAt,
});

export class PartnerRepository {
  constructor(private readonly m: Models) {}
  async list(filter: { q?: string; programmeId?: string } = {}): Promise<PartnerRecord[]> {
    const query: Doc = {};
    if (filter.programmeId) query.programmeId = oid(filter.programmeId);
    const all = (await this.m.Partner.find(query).sort({ code: 1 }).limit(1000).lean()).map(toPartner);
    const q = filter.q?.trim();
    return q ? all.filter((p) => p.name.includes(q) || p.code.includes(q)) : all;
  }
  /**
   * #18 the console's 伙伴 table: a page of partners of a status (or every status) and maybe a programme, by code,
   * name or registration time, searched by a prefix of the name or the code (normalized); indexed (hot-queries.ts).
   */
  async page(
    f: { programmeId?: string; status?: PartnerStatus; q?: string },
    req: PageRequest<PartnerSort>,
  ): Promise<Page<PartnerRecord>> {
    const filter: Doc = { status: f.status ?? { $in: [...PARTNER_STATUSES] } };
    if (f.programmeId) filter.programmeId = isObjectId(f.programmeId) ? oid(f.programmeId) : null;
    const q = f.q && searchKey(f.q);
    return findPage(
      this.m.Partner,
      filter,
      { ...req, sortRange: req.sort === 'createdAt' ? ANY_DATE : ANY_TEXT },
      toPartner,
      q
        ? [
            { key: 'nameKey', prefix: q },
            { key: 'codeKey', prefix: q },
          ]
        : undefined,
    );
  }
  async get(id: string): Promise<PartnerRecord | null> {
    if (!isObjectId(id)) return null;
    const d = await this.m.Partner.findById(id).lean();
    return d ? toPartner(d) : null;
  }
  async byCode(code: string): Promise<PartnerRecord | null> {
    const d = await this.m.Partner.findOne({ code }).lean();
    return d ? toPartner(d) : null;
  }
  async names(ids: string[]): Promise<Map<string, string>> {
    return new Map([...(await this.summaries(ids))].map(([id, p]) => [id, p.name]));
  }
  /** The partners of these ids, by code (reads by `_id`, a thousand at a time). */
  async byIds(ids: string[]): Promise<PartnerRecord[]> {
    const docs = await findByIds(this.m.Partner, [...new Set(ids)].filter(isObjectId).map(oid));
    return docs.map(toPartner).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
  /** Name and status by partner id (a suspended partner is flagged wherever it appears). */
  async summaries(ids: string[]): Promise<Map<string, { name: string; status: PartnerStatus }>> {
    const valid = [...new Set(ids)].filter(isObjectId).map(oid);
    const docs = await findByIds(this.m.Partner, valid);
    return new Map(docs.map((d) => [String(d._id), { name: d.name as string, status: d.status as PartnerStatus }]));
  }

  async byInviteCode(inviteCode: string): Promise<PartnerRecord | null> {
    const d = await this.m.Partner.findOne({ inviteCode }).lean();
    return d ? toPartner(d) : null;
  }
  /**
   * Creates the partner, or returns null when its code is taken. Intake creates an `applicant` that
   * `PartnerLifecycle.admit` makes active at signing; staff register existing partners `active`.
   */
  async create(
    p: Omit<PartnerRecord, 'id' | 'createdAt' | 'status' | 'inviteCode' | 'rev'>,
    status: Extract<PartnerStatus, 'applicant' | 'active'> = 'active',
  ): Promise<PartnerRecord | null> {
    try {
      const inviteCode = randomBytes(6).toString('base64url').toUpperCase();
      return toPartner(
        (
          await this.m.Partner.create({
            ...p,
            programmeId: oid(p.programmeId),
            status,
            inviteCode,
            nameKey: searchKey(p.name),
            codeKey: searchKey(p.code),
          })
        ).toObject(),
      );
    } catch (e) {
      if (isDuplicateKey(e)) return null;
      throw e;
    }
  }
  /** Binds a WeChat openid to a partner; false when the openid is bound already. */
  async bindIdentity(openId: string, partnerId: string): Promise<boolean> {
    try {
      await this.m.PartnerIdentity.create({ openId, partnerId: oid(partnerId) });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }
  async identityFor(openId: string): Promise<string | null> {
    const d = await this.m.PartnerIdentity.findOne({ openId }).lean();
    return d ? String((d as Doc).partnerId) : null;
  }
}
