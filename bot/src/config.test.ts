import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { botConfig, ConfigError } from './config.js';

describe('botConfig', () => {
  it('has local defaults', () => {
    const c = botConfig({});
    assert.equal(c.puppet, 'wechaty-puppet-mock');
    assert.deepEqual(c.rooms, ['伙伴运营值班群']);
    assert.deepEqual(c.contacts, []);
    assert.equal(c.throttleMs, 1000);
    assert.equal(c.apiUrl, 'http://127.0.0.1:3000');
    assert.equal(c.serviceKey, undefined);
    assert.equal(c.redisUrl, 'redis://127.0.0.1:6380');
  });

  it('parses comma-separated rooms and contacts (ASCII or full-width commas)', () => {
    const c = botConfig({
      HUOBAN_BOT_ROOMS: '值班群, 管理群，',
      HUOBAN_BOT_CONTACTS: '张三，李四',
      HUOBAN_BOT_THROTTLE_MS: '0',
      HUOBAN_API_URL: 'https://api.example.com/',
      HUOBAN_SERVICE_KEY: 'k',
    });
    assert.deepEqual(c.rooms, ['值班群', '管理群']);
    assert.deepEqual(c.contacts, ['张三', '李四']);
    assert.equal(c.throttleMs, 0);
    assert.equal(c.apiUrl, 'https://api.example.com');
    assert.equal(c.serviceKey, 'k');
  });

  it('rejects bad values, listing every problem', () => {
    assert.throws(
      () =>
        botConfig({
          WECHATY_PUPPET: 'wechaty-puppet-service',
          HUOBAN_BOT_ROOMS: '',
          HUOBAN_BOT_THROTTLE_MS: '-1',
          HUOBAN_API_URL: 'ftp://x',
        }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /WECHATY_PUPPET_SERVICE_TOKEN/.test(err.message) &&
        /both empty/.test(err.message) &&
        /HUOBAN_BOT_THROTTLE_MS/.test(err.message) &&
        /HUOBAN_API_URL/.test(err.message),
    );
  });
});
