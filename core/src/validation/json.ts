import { JSON_MAX_DEPTH } from './bounds.js';
import { hasControlChars } from './text.js';

/**
 * The deepest nesting of objects/arrays in a JSON text, scanned before parsing (brackets inside strings do not
 * count). Stops early once `limit` is passed, so a 20,000-level body costs one short scan and no recursion.
 */
export function jsonDepthExceeds(text: string | Buffer, limit = JSON_MAX_DEPTH): boolean {
  const s = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The path of the first key that must never reach a document or an object merge: prototype keys (`__proto__`,
 * `constructor`, `prototype`) and MongoDB operator keys (starting with `$`; a stored document may not hold them).
 * Iterative, so it is safe on any depth. Null when the value is clean.
 */
export function findForbiddenKey(value: unknown): string | null {
  return findPath(value, (key) => PROTOTYPE_KEYS.has(key) || key.startsWith('$'));
}

/**
 * The path of the first string (a value or a key) holding a control character (NUL, …) or a bidirectional
 * override (U+202E, …): names, titles and free text never carry them (one input policy for every body).
 */
export function findControlText(value: unknown): string | null {
  return findPath(value, hasControlChars, hasControlChars);
}

/** Iterative walk (safe on any depth): the path of the first key `badKey` or string value `badString` flags. */
function findPath(value: unknown, badKey: (key: string) => boolean, badString?: (s: string) => boolean): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string' && badString?.(v)) return path;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (badKey(key)) return at;
      stack.push([(v as Record<string, unknown>)[key], at]);
    }
  }
  return null;
}
