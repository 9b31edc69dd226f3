import { useState } from 'react';
import { ApiError } from '@/services/request';
import { errorText } from '@/utils/errors';
import { useList } from './useList';
import { useStaffGuard } from './useStaffGuard';

/**
 * A staff work queue filtered by status (appeals, rectification cases): loads on every show, reloads on a
 * filter change or a decision, and after a 409 (someone else decided meanwhile) shows the current state
 * while keeping the message.
 */
export function useStaffQueue<F extends string, T>(initial: F, fetch: (filter: F) => Promise<T[]>) {
  const [filter, setFilter] = useState<F>(initial);
  const list = useList(fetch);
  const allowed = useStaffGuard(() => void list.load(filter));

  return {
    allowed,
    filter,
    items: list.items,
    loading: list.loading,
    /** Loaded at least once, without an error, and nothing to show. */
    empty: list.empty,
    error: list.error,
    choose(f: F) {
      setFilter(f);
      void list.load(f);
    },
    reload: () => void list.load(filter),
    failed(err: unknown) {
      list.setError(errorText(err));
      if (err instanceof ApiError && err.status === 409) void list.load(filter, true);
    },
  };
}
