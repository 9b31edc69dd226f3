/**
 * Issue #15 item 4: every message core can hand to a user is Chinese. Walks the source of core (not its tests) for
 * the places a message leaves for the api — a DomainError and its helpers (`invalid`, `conflict`, `notFound`,
 * `refuse`, `refused`, `scorecardBadRequest`, `creditInputError`, `sheetError`), and the problem lists validators
 * push field messages into — and refuses any English sentence among their texts (the error filter answers a list
 * of field messages as the response's `message`, so an English detail reaches the user as it is).
 */
import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url))
  .replace(/[/\\]dist$/, '/src')
  .replace(/[/\\]dist[/\\]/, '/src/');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Where a message for a user starts: the call whose arguments are read. */
const SITES =
  /(?:new DomainError|DomainError\.\w+|\binvalid|\bconflict|\bnotFound|\brefuse|\brefused|scorecardBadRequest|new CreditInputError|new SheetError|creditInputError|sheetError|(?:problems|errors)\.push)\(/g;
/** An English sentence: a verb phrase of the validators' old wording, and no Chinese at all. */
const ENGLISH = /\b(must|should|cannot|is not|are not|has not|does not|not found|is a duplicate|is invalid|exceeds)\b/;
const CJK = /[\u4e00-\u9fff]/;

/** The text of a call's arguments (balanced parentheses from `open`, strings and templates skipped over whole). */
function argumentsAt(s: string, open: number): string {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      for (i++; i < s.length && s[i] !== ch; i++) if (s[i] === '\\') i++;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return s.slice(open + 1, i);
  }
  return s.slice(open + 1);
}

/** The string and template literals of a piece of code (a template's `${…}` parts count as text). */
const literals = (code: string) => [...code.matchAll(/(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)].map((m) => m[2]!);

/** The api's sources, whose controllers and validators answer users too (its start-up config speaks to operators). */
const API_SRC = join(SRC, '../../api/src');
const OPERATOR_ONLY = new Set([join(API_SRC, 'config.ts')]);

function englishMessages(root = SRC): string[] {
  const found: string[] = [];
  for (const file of sources(root).filter((f) => !OPERATOR_ONLY.has(f))) {
    const s = readFileSync(file, 'utf8');
    for (const m of s.matchAll(SITES)) {
      const args = argumentsAt(s, m.index! + m[0].length - 1);
      for (const text of literals(args))
        if (ENGLISH.test(text) && !CJK.test(text))
          found.push(`${relative(root, file)}:${s.slice(0, m.index).split('\n').length}: ${text}`);
    }
  }
  return found;
}

describe('user-facing messages of core and the api are Chinese (issue #15)', () => {
  it('no DomainError, helper or validator problem list carries an English sentence', () => {
    assert.ok(sources(SRC).length > 100, `walked ${SRC}`);
    assert.deepEqual(englishMessages(), []);
  });

  it('nor does the api: its controllers, providers and validators answer in Chinese', () => {
    assert.ok(sources(API_SRC).length > 50, `walked ${API_SRC}`);
    assert.deepEqual(englishMessages(API_SRC), []);
  });

  it('the walk finds an English message where one is written (so the check above can fail)', () => {
    const sample =
      "throw DomainError.invalid('月份无效', ['month must be YYYY-MM']);\nproblems.push(`x is a duplicate`);";
    const found = literals(argumentsAt(sample, sample.indexOf('('))).filter((t) => ENGLISH.test(t) && !CJK.test(t));
    assert.deepEqual(found, ['month must be YYYY-MM']);
  });
});
