import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { errorText, validationErrors } from '@/utils/errors';
import { firstErrorKey, keepEdits } from '@/utils/form';

/** A field's messages by name (the form's own checks, or a 400's list by validationErrors). */
export type FormErrors = Partial<Record<string, string | string[]>>;

/** Brings a field's message into view (the first of a failed submit), on H5 and in the mini-program. */
export function scrollToField(id: string): void {
  if (process.env.TARO_ENV === 'h5') {
    document.getElementById(id)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return;
  }
  void Taro.pageScrollTo({ selector: `#${id}`, duration: 200 }).catch(() => undefined);
}

export interface FormOptions {
  /** api paths that name a field by another key (`contacts.phone` → `contactPhone`) */
  aliases?: Record<string, string>;
  /** message keys that are not values (e.g. `partnerId`), in page order after the values */
  extraFields?: readonly string[];
}

/**
 * A form's values and field messages in one state. `field(key)` binds a TextField / TextareaField / ChipsField:
 * `{ id: '<idPrefix>-<key>', value, onChange, error, errorId: '<id>-error' }`; `set(patch)` changes several values
 * (and marks them typed), `reset(values)` replaces them all (after a save: nothing typed is pending), `load(values)`
 * takes a reload's values but keeps what was typed since (an upload or a 409 reload never wipes the form),
 * `setErrors` shows the messages, and `fail(err)` puts a 400's field messages beside their fields, scrolls to the
 * first and returns the text for the page's banner.
 */
export function useForm<T extends object>(initial: T | (() => T), idPrefix?: string, options: FormOptions = {}) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const edited = useRef(new Set<string>());
  const [scrollTo, setScrollTo] = useState('');
  useEffect(() => {
    if (!scrollTo) return;
    setScrollTo('');
    // after the messages have rendered
    setTimeout(() => scrollToField(scrollTo), 50);
  }, [scrollTo]);
  const set = (patch: Partial<T>) => {
    for (const k of Object.keys(patch)) edited.current.add(k);
    setValues((v) => ({ ...v, ...patch }));
  };
  const reset = (next: T | ((current: T) => T)) => {
    edited.current.clear();
    setValues(next);
  };
  const load = (server: T) => setValues((current) => keepEdits(server, current, edited.current));
  const order = [...Object.keys(values), ...(options.extraFields ?? [])];
  function fail(err: unknown): string {
    const invalid = validationErrors(err, order, options.aliases ?? {});
    if (!invalid) return errorText(err);
    setErrors(invalid.byField);
    const first = firstErrorKey(invalid.byField, order);
    if (first && idPrefix) setScrollTo(`${idPrefix}-${first}-error`);
    if (invalid.other.length) return invalid.other.join('；');
    return first ? '请检查标红的字段' : errorText(err);
  }
  return {
    values,
    set,
    reset,
    load,
    errors,
    setErrors,
    fail,
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
 * An action on a page that shows the state after it (publish a recruitment, record a vote, change a staff account):
 * `run(work, done)` clears the error and the notice, shows a failure's text or `done`, and reloads the page's data
 * either way (after a 409 the page shows the current state). Resolves true when the work finished.
 */
export function useAction(reload: () => void) {
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  async function run(work: () => Promise<unknown>, done = ''): Promise<boolean> {
    setError('');
    setNotice('');
    let ok = false;
    try {
      await work();
      setNotice(done);
      ok = true;
    } catch (e) {
      setError(errorText(e));
    }
    reload();
    return ok;
  }
  return { error, setError, notice, run };
}
