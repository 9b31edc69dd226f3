import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { TargetThrottle } from './throttle.js';

describe('TargetThrottle', () => {
  it('spaces calls to the same target and lets other targets through', async () => {
    const t = new TargetThrottle(150);
    const at: Record<string, number[]> = { a: [], b: [] };
    const start = Date.now();
    const mark = (k: string) => async () => void at[k]!.push(Date.now() - start);
    await Promise.all([t.run('a', mark('a')), t.run('a', mark('a')), t.run('b', mark('b')), t.run('a', mark('a'))]);
    assert.equal(at.a!.length, 3);
    assert.ok(at.a![1]! - at.a![0]! >= 145, `a gap 1: ${at.a![1]! - at.a![0]!}`);
    assert.ok(at.a![2]! - at.a![1]! >= 145, `a gap 2: ${at.a![2]! - at.a![1]!}`);
    assert.ok(at.b![0]! < 100, `b waited ${at.b![0]} ms`);
  });

  it('a failed call does not block the next one, which still waits its turn', async () => {
    const t = new TargetThrottle(100);
    const failed = t.run('a', async () => {
      throw new Error('boom');
    });
    const start = Date.now();
    const next = t.run('a', async () => Date.now() - start);
    await assert.rejects(failed, /boom/);
    assert.ok((await next) >= 95);
  });
});
