import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { Batcher } from './batcher.js';

describe('Batcher', () => {
  it('groups submissions made together and gives each its own result or error', async () => {
    const calls: number[][] = [];
    const b = new Batcher<number, string>(
      async (xs) => {
        calls.push(xs);
        return xs.map((x) => (x < 0 ? new Error(`bad ${x}`) : `ok ${x}`));
      },
      { maxSize: 3, maxWaitMs: 5 },
    );
    const results = await Promise.allSettled([1, 2, 3, 4, -5].map((x) => b.submit(x)));
    assert.deepEqual(calls, [
      [1, 2, 3],
      [4, -5],
    ]);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['ok 1', 'ok 2', 'ok 3', 'ok 4', 'bad -5'],
    );
  });

  it('a failing flush rejects every submission of that batch only', async () => {
    let n = 0;
    const b = new Batcher<number, number>(
      async (xs) => {
        if (n++ === 0) throw new Error('down');
        return xs;
      },
      { maxSize: 10, maxWaitMs: 1 },
    );
    await assert.rejects(b.submit(1), /down/);
    assert.equal(await b.submit(2), 2);
  });
});
