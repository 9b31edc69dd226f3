import { useEffect, useRef, useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { FOCUSABLE } from '@/components/a11y';
import { TextInput } from '@/components/Field';
import { useWideScreen } from '@/hooks/useWideScreen';
import { INITIAL_TABLE, tableView, toggleSort, type Column, type TableState } from '@/utils/table';
import { entryOf, WORKBENCH_ENTRIES } from '@/utils/workbench';
import './Console.css';

const GROUPS = [...new Set(WORKBENCH_ENTRIES.map((e) => e.group))];

/** The console's side navigation: the 工作台's entries by group, the current page's highlighted. */
function SideNav() {
  const path = Taro.getCurrentInstance().router?.path ?? '';
  const current = entryOf(path)?.id;
  return (
    <View className="console__nav" role="navigation" aria-label="工作台导航">
      <View
        className="console__brand"
        role="link"
        {...FOCUSABLE}
        onClick={() => void Taro.redirectTo({ url: '/packages/staff/pages/workbench/index' })}
      >
        伙伴 · 工作台
      </View>
      {GROUPS.map((g) => (
        <View key={g} className="console__group">
          <View className="console__group-title">{g}</View>
          {WORKBENCH_ENTRIES.filter((e) => e.group === g).map((e) => (
            <View
              key={e.id}
              id={`nav-${e.id}`}
              role="link"
              {...FOCUSABLE}
              aria-current={e.id === current ? 'page' : undefined}
              className={e.id === current ? 'console__link console__link--on' : 'console__link'}
              onClick={() => void Taro.redirectTo({ url: e.url })}
            >
              {e.title}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}

/**
 * A staff page: on a wide H5 screen the desktop console (side navigation, a wide main pane); on a phone and in the
 * mini-program the usual `page` column. `title` heads the console's main pane.
 */
export function StaffPage({ title, children }: { title?: string; children: ReactNode }) {
  const wide = useWideScreen();
  if (!wide) return <View className="page">{children}</View>;
  return (
    <View className="console">
      <SideNav />
      <View className="console__main" role="main">
        {title && <View className="console__title">{title}</View>}
        {children}
      </View>
    </View>
  );
}

/** Server-side paging of a table: the api's total and page (the table then pages by asking, not by slicing). */
export interface ServerPaging {
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  /**
   * the column the api sorts by (`key`), and the others it can sort by (`keys`): the current one's header asks the api
   * for the other order, another's for that column (the remaining columns sort the page shown)
   */
  sort?: { key: string; keys?: string[]; descending: boolean; onSort: (descending: boolean, key: string) => void };
  /** the search box asks the api (a prefix of `hint`), instead of filtering the page shown */
  search?: { hint: string; onSearch: (text: string) => void };
}

/** The search box's text reaches the api this long after the last keystroke. */
const SEARCH_DELAY_MS = 300;

/**
 * A console table: a search box, filters (`toolbar`), sortable headers, pagination, and a detail pane for the row
 * chosen (`detail`). Rows are searched, sorted and paged here, or paged by the api when `server` is given (search
 * and sort then apply to the page shown, except the column `server.sort` names, which the api sorts).
 */
export function DataTable<T>({
  id,
  columns,
  rows,
  rowKey,
  toolbar,
  detail,
  server,
  empty = '暂无数据',
}: {
  id: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  toolbar?: ReactNode;
  detail?: (row: T) => ReactNode;
  server?: ServerPaging;
  empty?: string;
}) {
  const [state, setState] = useState<TableState>(INITIAL_TABLE);
  const [chosen, setChosen] = useState('');
  const [typed, setTyped] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const local = server?.search ? { ...state, search: '' } : state;
  const view = tableView(rows, columns, server ? { ...local, page: 1, pageSize: rows.length || 1 } : local);
  const page = server ? server.page : Math.min(state.page, view.pages);
  const pages = server ? Math.max(1, Math.ceil(server.total / server.pageSize)) : view.pages;
  const total = server ? server.total : view.total;
  const go = (p: number) => (server ? server.onPage(p) : setState({ ...state, page: p }));
  const selected = rows.find((r) => rowKey(r) === chosen);
  return (
    <View className={detail ? 'console__split' : ''}>
      <View className="console__table-wrap">
        <View className="console__toolbar">
          <View className="console__search">
            <TextInput
              id={`${id}-search`}
              aria-label="搜索"
              placeholder={server?.search ? `搜索（${server.search.hint}）` : '搜索（企业、编号、状态…）'}
              value={server?.search ? typed : state.search}
              onChange={(search) => {
                if (!server?.search) return setState({ ...state, search, page: 1 });
                setTyped(search);
                clearTimeout(timer.current);
                const ask = server.search.onSearch;
                timer.current = setTimeout(() => ask(search.trim()), SEARCH_DELAY_MS);
              }}
            />
          </View>
          {toolbar}
        </View>
        <View id={id} className="console__table" role="table" aria-rowcount={total}>
          <View className="console__row console__row--head" role="row">
            {columns.map((c) => {
              const byServer =
                server?.sort && (server.sort.keys ?? [server.sort.key]).includes(c.key) ? server.sort : undefined;
              const on = byServer ? !state.sortKey && byServer.key === c.key : state.sortKey === c.key;
              const descending = byServer ? byServer.descending : state.descending;
              return (
                <View
                  key={c.key}
                  id={`${id}-sort-${c.key}`}
                  role="columnheader"
                  {...FOCUSABLE}
                  aria-sort={on ? (descending ? 'descending' : 'ascending') : 'none'}
                  className="console__cell console__cell--head"
                  style={{ flex: c.width ?? 1 }}
                  onClick={() => {
                    if (!byServer) return setState(toggleSort(state, c.key));
                    // the api's order again: the page shown is no longer sorted here
                    setState({ ...state, sortKey: '', descending: false });
                    // the current column: the other order (or the api's order again after a local sort); another: ascending
                    const again = byServer.key === c.key;
                    byServer.onSort(on ? !byServer.descending : again && byServer.descending, c.key);
                  }}
                >
                  {c.title}
                  <Text className="console__sort">{on ? (descending ? ' ↓' : ' ↑') : ' ↕'}</Text>
                </View>
              );
            })}
          </View>
          {view.rows.map((r) => {
            const key = rowKey(r);
            return (
              <View
                key={key}
                id={`${id}-row-${key}`}
                role="row"
                {...FOCUSABLE}
                aria-selected={key === chosen}
                className={key === chosen ? 'console__row console__row--on' : 'console__row'}
                onClick={() => setChosen(key)}
              >
                {columns.map((c) => (
                  <View key={c.key} role="cell" className="console__cell" style={{ flex: c.width ?? 1 }}>
                    {c.text(r)}
                  </View>
                ))}
              </View>
            );
          })}
          {view.rows.length === 0 && <View className="empty">{empty}</View>}
        </View>
        <View className="console__pager" role="navigation" aria-label="分页">
          <Text id={`${id}-total`}>共 {total} 条</Text>
          <View
            role="button"
            {...FOCUSABLE}
            aria-disabled={page <= 1}
            id={`${id}-prev`}
            className="console__page-btn"
            onClick={() => page > 1 && go(page - 1)}
          >
            上一页
          </View>
          <Text id={`${id}-page`}>
            第 {page} / {pages} 页
          </Text>
          <View
            role="button"
            {...FOCUSABLE}
            aria-disabled={page >= pages}
            id={`${id}-next`}
            className="console__page-btn"
            onClick={() => page < pages && go(page + 1)}
          >
            下一页
          </View>
        </View>
      </View>
      {detail && (
        <View id={`${id}-detail`} className="console__detail" role="region" aria-label="详情">
          {selected ? detail(selected) : <View className="hint">选择一行查看详情</View>}
        </View>
      )}
    </View>
  );
}

/** A detail pane's label–value rows (`[['状态', '已通过'], …]`). */
export function KeyValues({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <>
      {rows.map(([k, v]) => (
        <View key={k} className="console__kv">
          <Text className="console__kv-key">{k}</Text>
          <Text>{v}</Text>
        </View>
      ))}
    </>
  );
}
