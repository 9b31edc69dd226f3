// Pure logic of the desktop console's tables (no Taro imports): search, sort and pagination of loaded rows.

/** One column: its title, the text a search looks at, and the value it sorts by (default: its text). */
export interface Column<T> {
  key: string;
  title: string;
  text: (row: T) => string;
  sortValue?: (row: T) => string | number;
  /** wider columns take more of the table (flex grow), default 1 */
  width?: number;
}

export interface TableState {
  search: string;
  sortKey: string;
  descending: boolean;
  page: number;
  pageSize: number;
}

export const INITIAL_TABLE: TableState = { search: '', sortKey: '', descending: false, page: 1, pageSize: 20 };

/** The rows a table shows: those whose columns' text contains every search word, sorted, one page of them. */
export function tableView<T>(
  rows: T[],
  columns: Column<T>[],
  s: TableState,
): { rows: T[]; total: number; pages: number } {
  const words = s.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matched = words.length
    ? rows.filter((r) => {
        const text = columns
          .map((c) => c.text(r))
          .join(' ')
          .toLowerCase();
        return words.every((w) => text.includes(w));
      })
    : rows;
  const col = columns.find((c) => c.key === s.sortKey);
  const sorted = col
    ? [...matched].sort((a, b) => {
        const va = (col.sortValue ?? col.text)(a);
        const vb = (col.sortValue ?? col.text)(b);
        const cmp =
          typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'zh-CN');
        return s.descending ? -cmp : cmp;
      })
    : matched;
  const pages = Math.max(1, Math.ceil(sorted.length / s.pageSize));
  const page = Math.min(Math.max(1, s.page), pages);
  return { rows: sorted.slice((page - 1) * s.pageSize, page * s.pageSize), total: sorted.length, pages };
}

/** A click on a column's header: sort by it ascending, then descending, then back to the given order. */
export function toggleSort(s: TableState, key: string): TableState {
  if (s.sortKey !== key) return { ...s, sortKey: key, descending: false, page: 1 };
  if (!s.descending) return { ...s, descending: true, page: 1 };
  return { ...s, sortKey: '', descending: false, page: 1 };
}
