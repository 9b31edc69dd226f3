import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { errorText } from '@/utils/errors';

/**
 * A list loaded by `fetch(arg)`: a failed load empties it and shows the error (`keepError` keeps the message
 * already shown, e.g. after a 409). `empty`: loaded at least once, without an error, and nothing to show.
 */
export function useList<A, T>(fetch: (arg: A) => Promise<T[]>) {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');

  async function load(arg: A, keepError = false) {
    setLoading(true);
    if (!keepError) setError('');
    try {
      setItems(await fetch(arg));
    } catch (err) {
      setItems([]);
      setError(errorText(err));
    } finally {
      setLoading(false);
      setLoaded(true);
    }
  }

  return { items, loading, error, setError, load, empty: loaded && !loading && !error && items.length === 0 };
}

/**
 * What a page shows, loaded on every show of the page (when `when()` allows): `data` is null until the first
 * answer; a failed load keeps the last data and shows the error.
 */
export function useShowLoad<T>(fetch: () => Promise<T>, when: () => boolean = () => true) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const reload = () => fetch().then(setData, (e) => setError(errorText(e)));
  useDidShow(() => {
    if (when()) void reload();
  });
  return { data, error, setError, reload };
}
