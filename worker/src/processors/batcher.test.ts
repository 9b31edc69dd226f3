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

  it('with maxInFlight, what arrives while the flushes run goes together in one flush when one ends (10k burst, issue #16)', async () => {
    const calls: number[][] = [];
    const running: (() => void)[] = [];
    const b = new Batcher<number, number>(
      (xs) => {
        calls.push(xs);
        return new Promise((done) => running.push(() => done(xs)));
      },
      { maxSize: 100, maxWaitMs: 1, maxInFlight: 1 },
    );
    const first = b.submit(1);
    await new Promise((r) => setTimeout(r, 10)); // the first flush starts and stays running
    const later: Promise<number>[] = [];
    for (const x of [2, 3, 4, 5]) {
      later.push(b.submit(x));
      await new Promise((r) => setTimeout(r, 5)); // each after its own wait window
    }
    assert.deepEqual(calls, [[1]]);
    running.shift()!();
    assert.equal(await first, 1);
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(calls, [[1], [2, 3, 4, 5]]);
    running.shift()!();
    assert.deepEqual(await Promise.all(later), [2, 3, 4, 5]);
  });

  it('a full batch waits for a free flush; a batch larger than maxSize is split', async () => {
    const calls: number[][] = [];
    const running: (() => void)[] = [];
    const b = new Batcher<number, number>(
      (xs) => {
        calls.push(xs);
        return new Promise((done) => running.push(() => done(xs)));
      },
      { maxSize: 2, maxWaitMs: 1, maxInFlight: 2 },
    );
    const all = [1, 2, 3, 4, 5, 6, 7].map((x) => b.submit(x));
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(calls, [
      [1, 2],
      [3, 4],
    ]);
    running.shift()!();
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(calls.slice(2), [[5, 6]]);
    running.shift()!();
    running.shift()!();
    await new Promise((r) => setTimeout(r, 5));
    running.shift()!();
    assert.deepEqual(await Promise.all(all), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(calls.slice(3), [[7]]);
  });
});
