import { useState } from 'react';
import { errorText } from '@/utils/errors';

/** A field's messages by name (the form's own checks, or a 400's list by validationErrors). */
export type FormErrors = Partial<Record<string, string | string[]>>;

/**
 * A form's values and field messages in one state. `field(key)` binds a TextField / TextareaField / ChipsField:
 * `{ id: '<idPrefix>-<key>', value, onChange, error, errorId: '<id>-error' }`; `set(patch)` changes several values, `reset(values)`
 * replaces them all, `setErrors` shows the messages (keys may name fields that are not values, e.g. `partnerId`).
 */
export function useForm<T extends object>(initial: T | (() => T), idPrefix?: string) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const set = (patch: Partial<T>) => setValues((v) => ({ ...v, ...patch }));
  return {
    values,
    set,
    reset: setValues,
    errors,
    setErrors,
    field: <K extends keyof T & string>(key: K) => ({
      id: idPrefix ? `${idPrefix}-${key}` : undefined,
      value: values[key],
      onChange: (value: T[K]) => set({ [key]: value } as unknown as Partial<T>),
      error: errors[key],
      errorId: idPrefix ? `${idPrefix}-${key}-error` : undefined,
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

/**
 * An action on a list page (publish a recruitment, change a staff account): clears the error, shows a
 * failure's text, and reloads the list either way (after a 409 the list shows the current state).
 */
export function useListAction(reload: () => void) {
  const [error, setError] = useState('');
  async function run(what: () => Promise<unknown>) {
    setError('');
    try {
      await what();
    } catch (e) {
      setError(errorText(e));
    }
    reload();
  }
  return { error, setError, run };
}
