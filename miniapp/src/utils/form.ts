// Pure helpers of the form hook (no Taro imports, so they run under jest).

/**
 * A reload's values for a form being edited: the server's values, except the fields typed since the last
 * save (an evidence upload, a 409 reload or a failed submit never wipes what was typed).
 */
export function keepEdits<T extends object>(server: T, current: T, edited: ReadonlySet<string>): T {
  const out = { ...server };
  for (const key of edited)
    if (key in current) (out as Record<string, unknown>)[key] = (current as Record<string, unknown>)[key];
  return out;
}

/** The first key of `order` that has a message in `errors` (the field the page scrolls to). */
export function firstErrorKey(
  errors: Partial<Record<string, string | string[]>>,
  order: readonly string[],
): string | undefined {
  const has = (k: string) => {
    const m = errors[k];
    return Array.isArray(m) ? m.length > 0 : Boolean(m);
  };
  return order.find(has) ?? Object.keys(errors).find(has);
}
