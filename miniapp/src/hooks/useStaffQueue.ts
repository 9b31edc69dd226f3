import { useState } from 'react';
import { ApiError } from '@/services/request';
import { errorText } from '@/utils/errors';
import { useStaffGuard } from './useStaffGuard';

/**
 * A staff work queue filtered by status (appeals, rectification cases): loads on every show, reloads on a
 * filter change or a decision, and after a 409 (someone else decided meanwhile) shows the current state
 * while keeping the message.
 */
export function useStaffQueue<F extends string, T>(initial: F, fetch: (filter: F) => Promise<T[]>) {
  const [filter, setFilter] = useState<F>(initial);
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');

  async function load(f: F, keepError = false) {
    setLoading(true);
    if (!keepError) setError('');
    try {
      setItems(await fetch(f));
    } catch (err) {
      setItems([]);
      setError(errorText(err));
    } finally {
      setLoading(false);
      setLoaded(true);
    }
  }

  const allowed = useStaffGuard(() => void load(filter));

  return {
    allowed,
    filter,
    items,
    loading,
    /** Loaded at least once, without an error, and nothing to show. */
    empty: loaded && !loading && !error && items.length === 0,
    error,
    choose(f: F) {
      setFilter(f);
      void load(f);
    },
    reload: () => void load(filter),
    failed(err: unknown) {
      setError(errorText(err));
      if (err instanceof ApiError && err.status === 409) void load(filter, true);
    },
  };
}
