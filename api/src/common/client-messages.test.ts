import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from '@jest/globals';
import { DomainError } from '@huoban/core';
import { getMetadataStorage } from 'class-validator';
import { readableMessage } from '../../../miniapp/src/utils/messages.js';
import { validationPipe } from './errors.js';

const MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', 'modules');

/** Every message the global validation pipe answers for `value` as a `dto` body ([] when it passes). */
async function messagesFor(dto: new () => object, value: unknown): Promise<string[]> {
  try {
    await validationPipe.transform(value, { type: 'body', metatype: dto });
    return [];
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'invalid') throw err;
    // the pipe's 400: its messages keyed by field (`DomainError.invalidList(messages, fields)`)
    const d = err.details as { fields?: Record<string, string[]> } | string[];
    return Array.isArray(d) ? d : Object.values(d.fields ?? {}).flat();
  }
}

/** A wrong value of every kind for each property: missing, wrong type, too long, out of range, unknown field. */
function badBodies(props: string[]): unknown[] {
  const each = (v: unknown) => Object.fromEntries(props.map((p) => [p, v]));
  return [
    {},
    each({ x: 1 }),
    each('x'.repeat(20_001)),
    each(-1),
    each([{ x: 1 }]),
    each(''),
    { ...each('a'), hack: 1 },
  ];
}

describe("the mini-program's message table covers every api DTO (#18)", () => {
  it('every validation message of every body DTO reads as Chinese: no field path, rule code or English', async () => {
    for (const dir of readdirSync(MODULES))
      for (const file of readdirSync(join(MODULES, dir)).filter((f) => f.endsWith('.dto.ts')))
        await import(pathToFileURL(join(MODULES, dir, file)).href);
    const metas = getMetadataStorage() as unknown as {
      validationMetadatas: Map<new () => object, { propertyName: string }[]>;
    };
    // the messages name no field (issue #15), so many DTOs share one text: the walk is counted by DTO and message
    const seen = new Set<string>();
    const walked = new Set<string>();
    for (const [target, list] of metas.validationMetadatas) {
      const props = [...new Set(list.map((m) => m.propertyName))];
      for (const body of badBodies(props))
        for (const m of await messagesFor(target, body)) {
          seen.add(m);
          walked.add(`${target.name}|${m}`);
        }
    }
    assert.ok(walked.size > 100, `only ${walked.size} messages collected`);
    const bad = [...seen]
      .map((m) => ({ m, text: readableMessage(m) }))
      .filter(
        ({ text }) =>
          !/[\u3400-\u9fff]/.test(text) || /\b[A-Za-z_]+\.[A-Za-z_]+\b|\b(?:FT|NFR)-\d|\b[a-z]{3,}\b/.test(text),
      );
    assert.deepEqual(bad, []);
  });
});
