/**
 * #18 the staff console's server-side tables: one page of a filtered list in a stable order (ties by `_id`), with the
 * total, on indexed reads only. Text search is a prefix match on a normalized key (`searchKey`), read as the index
 * range [prefix, prefix + '\uffff'); never an unanchored scan.
 */
import type { Model } from 'mongoose';
import type { Doc } from './queries.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The normalized form a search key is stored and searched in: NFKC, no whitespace, lower case. */
export const searchKey = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The index range of every key starting with `prefix` (an anchored prefix match). */
export const prefixRange = (prefix: string) => ({ $gte: prefix, $lt: `${prefix}\uffff` });

/** A range every stored string satisfies: lets the local store read a page in the order of a text sort key. */
export const ANY_TEXT = { $gte: '' };

export interface PageRequest<S extends string = string> {
  page: number;
  pageSize: number;
  sort: S;
  order: 1 | -1;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** At most this many matches of a search are read and counted (`capped` then says the total is a floor). */
export const SEARCH_CAP = 1000;

/**
 * One page of `filter` ordered by `sort` then `_id`. Without a search, the sort key's own range (`sortRange`: a
 * range every stored value satisfies) joins the filter, so the index on the equality fields then the sort key serves
 * both the filter and the order. With a search (one prefix range per normalized key, e.g. name or code), each range
 * is read on its index (at most `SEARCH_CAP` each), the matches merged, ordered and paged here.
 */
export async function findPage<T>(
  model: Model<any>,
  filter: Doc,
  req: PageRequest & { sortRange: Doc },
  map: (d: Doc) => T,
  search?: { key: string; prefix: string }[],
): Promise<Page<T> & { capped?: boolean }> {
  const skip = (req.page - 1) * req.pageSize;
  if (!search?.length) {
    const q = { ...filter, [req.sort]: req.sortRange };
    const [docs, total] = await Promise.all([
      model
        .find(q)
        .sort({ [req.sort]: req.order, _id: req.order })
        .skip(skip)
        .limit(req.pageSize)
        .lean<Doc[]>(),
      model.countDocuments(q),
    ]);
    return { items: docs.map(map), total };
  }
  const reads = await Promise.all(
    search.map(({ key, prefix }) =>
      model
        .find({ ...filter, [key]: prefixRange(prefix) })
        .limit(SEARCH_CAP)
        .lean<Doc[]>(),
    ),
  );
  const byId = new Map<string, Doc>();
  for (const d of reads.flat()) byId.set(String(d._id), d);
  const all = [...byId.values()].sort(
    (a, b) => req.order * (compare(a[req.sort], b[req.sort]) || compare(a._id, b._id)),
  );
  return {
    items: all.slice(skip, skip + req.pageSize).map(map),
    total: all.length,
    ...(reads.some((r) => r.length >= SEARCH_CAP) && { capped: true }),
  };
}

/** The order MongoDB sorts these by: missing/null first, then numbers and dates by value, strings by code unit. */
function compare(a: unknown, b: unknown): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
  const x = a instanceof Date ? a.getTime() : typeof a === 'object' ? String(a) : (a as number | string);
  const y = b instanceof Date ? b.getTime() : typeof b === 'object' ? String(b) : (b as number | string);
  return x < y ? -1 : x > y ? 1 : 0;
}
