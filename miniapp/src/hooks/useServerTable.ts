import { useEffect, useRef, useState } from 'react';
import type { ServerPaging } from '@/components/Console';
import { errorText } from '@/utils/errors';

/** Rows of a console table the api pages (#18). */
export const TABLE_PAGE_SIZE = 20;

interface TableQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  order?: 'asc' | 'desc';
  q?: string;
}

/**
 * #18 a console table whose filters, search, sort and pages are the api's: the query asked last, its page of rows
 * and total, and the `server` props of `DataTable` (sortable by `sortKeys`, searched when `hint` names what). An
 * answer to an older query arriving after a newer one is dropped.
 */
export function useServerTable<Q extends TableQuery, R>(
  fetch: (q: Q) => Promise<{ items: R[]; total: number }>,
  initial: Q,
) {
  const [query, setQuery] = useState<Q>({ page: 1, pageSize: TABLE_PAGE_SIZE, ...initial });
  const [data, setData] = useState<{ items: R[]; total: number }>({ items: [], total: 0 });
  const [error, setError] = useState('');
  const asked = useRef(0);
  const load = (q: Q) => {
    const n = ++asked.current;
    setError('');
    fetch(q).then(
      (res) => {
        if (n !== asked.current) return;
        setData({ items: res.items, total: res.total });
        setQuery(q);
      },
      (e) => n === asked.current && setError(errorText(e)),
    );
  };
  useEffect(() => load(query), []);
  /** A new filter, search or sort: back to the first page. */
  const change = (c: Partial<Q>) => load({ ...query, page: 1, ...c });
  const server = (sortKeys: string[], hint?: string): ServerPaging => ({
    total: data.total,
    page: query.page ?? 1,
    pageSize: query.pageSize ?? TABLE_PAGE_SIZE,
    onPage: (page) => load({ ...query, page }),
    sort: {
      key: query.sort ?? sortKeys[0],
      keys: sortKeys,
      descending: query.order === 'desc',
      onSort: (descending, sort) => change({ sort, order: descending ? 'desc' : 'asc' } as Partial<Q>),
    },
    ...(hint && { search: { hint, onSearch: (text: string) => change({ q: text || undefined } as Partial<Q>) } }),
  });
  return { query, data, error, change, reload: () => load(query), server };
}
