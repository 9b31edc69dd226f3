import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileClock, SYSTEM_CLOCK, advanceTestClock, clockFromEnv } from './clock.js';

describe('the one clock (system time; movable only in test mode)', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'clock-')), 'clock.json');

  it('without HUOBAN_TEST_CLOCK_FILE every process reads the system time', () => {
    assert.equal(clockFromEnv({}), SYSTEM_CLOCK);
    assert.ok(Math.abs(clockFromEnv({}).now().getTime() - Date.now()) < 1000);
  });

  it('refuses the test clock when NODE_ENV=production (the process does not start)', () => {
    assert.throws(
      () => clockFromEnv({ HUOBAN_TEST_CLOCK_FILE: file(), NODE_ENV: 'production' }),
      /test-only setting and is refused when NODE_ENV=production/,
    );
  });

  it('in test mode every reader of the file moves when a test advances it', () => {
    const f = file();
    const api = clockFromEnv({ HUOBAN_TEST_CLOCK_FILE: f, NODE_ENV: 'test' });
    const worker = new FileClock(f);
    assert.ok(api instanceof FileClock);
    assert.ok(Math.abs(api.now().getTime() - Date.now()) < 1000, 'no file yet: the system time');
    const target = new Date('2027-03-31T00:00:00+08:00');
    advanceTestClock(f, { to: target });
    for (const c of [api, worker]) assert.ok(Math.abs(c.now().getTime() - target.getTime()) < 1000);
    advanceTestClock(f, { byMs: 86_400_000 });
    assert.ok(Math.abs(worker.now().getTime() - (target.getTime() + 86_400_000)) < 1000);
  });
});
