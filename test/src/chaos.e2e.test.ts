/**
 * Issue #8, the short version of `npm run chaos`: every fault-injection scenario with small counts over the real
 * processes (api, worker, bot on the mock puppet) on a Redis and a FerretDB of its own. Each scenario's figures
 * must meet their marks: 0 lost, 0 doubled, timers and notices rebuilt ≤ 60 s, 0 × 500, no request > 5 s.
 */
import { beforeAll as before, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { runChaos } from './chaos/run.js';
import { printTable, scenarios, type Figure } from './chaos/scenarios.js';

describe('issue #8 fault injection, short (own Redis + FerretDB, api + worker + bot)', () => {
  let rows: Figure[] = [];
  before(async () => {
    rows = await runChaos({ short: true }, (name, figures) => console.log(`\n## ${name}\n${printTable(figures)}`));
  }, 600_000); // about 2 minutes; every wait inside is bounded
  for (const sc of scenarios)
    it(`${sc.name}: every figure meets its mark`, () => {
      const mine = rows.filter((r) => r.scenario === sc.name);
      assert.ok(mine.length > 1, `scenario ${sc.name} produced no figures`);
      const missed = mine.filter((r) => !r.ok);
      assert.deepEqual(missed, [], printTable(mine));
    });
});
