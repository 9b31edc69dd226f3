/**
 * Issue #15: one input policy, every DTO. Walks the validation metadata of every DTO the api loads (class-validator's
 * storage, after importing the app module) and checks the message each validation answers with: Chinese, no English
 * words, no field name or path inside the text (the 400 names the field as the key of its `fields`).
 */
import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { constraintName, fieldMessages, validationMessage } from './validation.js';

/** Format tokens a message may show (YYYY-MM-DD, HH:mm, true/false, 2026H2, NUL, UTF-8/GBK); anything else in Latin is English. */
const TOKENS = new Set(['YYYY', 'MM', 'DD', 'HH', 'mm', 'true', 'false', 'H2', 'Q1', 'NUL', 'UTF', 'GBK']);

function problemsOf(message: string, fields: string[]): string[] {
  const out: string[] = [];
  if (!/[\u4e00-\u9fff]/u.test(message)) out.push('no Chinese');
  for (const word of message.match(/[A-Za-z][A-Za-z0-9_.]*/g) ?? [])
    if (!TOKENS.has(word.replace(/^\d+/, ''))) out.push(`Latin word "${word}"`);
  for (const f of fields) if (f.length > 1 && message.includes(f)) out.push(`field "${f}"`);
  return out;
}

describe('validation messages (issue #15: Chinese, no English, no field paths)', () => {
  it('every validation of every DTO answers in Chinese without naming its field', async () => {
    await import('../app.module.js'); // loads every controller and so every DTO
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, ValidationMetadata[]> };
    const all = [...storage.validationMetadatas.values()].flat();
    assert.ok(all.length > 200, `only ${all.length} validations found: the walk does not see the DTOs`);
    const fields = [...new Set(all.map((m) => m.propertyName))];
    const bad: string[] = [];
    for (const m of all) {
      if (m.type === 'conditionalValidation') continue; // IsOptional / ValidateIf: no message
      const where = `${(m.target as { name: string }).name}.${m.propertyName} (${constraintName(m)})`;
      // a message may depend on the value: try a missing, a wrong-typed and a control-character value
      for (const value of [undefined, 42, 'a\u0000b', '   '])
        for (const p of problemsOf(validationMessage(m, value), fields))
          bad.push(`${where}: ${p} in "${validationMessage(m, value)}"`);
    }
    assert.deepEqual([...new Set(bad)], []);
  });

  it('a failed validation keeps the 400 shape: messages as a list, keyed by field path in `fields`', () => {
    const target = { constructor: class Probe {} };
    const out = fieldMessages([
      {
        property: 'company',
        target,
        children: [{ property: 'name', target, constraints: { isString: 'x' }, children: [] }],
      },
      { property: 'unknown', constraints: { whitelistValidation: 'property unknown should not exist' } },
    ]);
    assert.deepEqual(out, { 'company.name': ['须为文本'], unknown: ['是不接受的字段'] });
  });
});
