import { useState } from 'react';
import { errorText } from '@/utils/errors';

/**
 * A form's values in one state: `field(key)` gives `{ value, onChange }` for a TextField / TextareaField,
 * `set(patch)` changes several, `reset(values)` replaces them all.
 */
export function useForm<T extends object>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const set = (patch: Partial<T>) => setValues((v) => ({ ...v, ...patch }));
  return {
    values,
    set,
    reset: setValues,
    field: <K extends keyof T>(key: K) => ({
      value: values[key],
      onChange: (value: T[K]) => set({ [key]: value } as unknown as Partial<T>),
    }),
  };
}

/**
 * One action at a time with the page's error text: `run(work)` clears the error, marks busy, and on a throw
 * shows its text (or hands it to `fail`); resolves true when the work finished.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  async function run(work: () => Promise<unknown>, fail?: (err: unknown) => void): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setError('');
    try {
      await work();
      return true;
    } catch (err) {
      if (fail) fail(err);
      else setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
