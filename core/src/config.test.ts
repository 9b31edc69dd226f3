import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { ConfigError, coreConfig } from './config.js';

describe('one validated configuration (issue #17 item 3)', () => {
  it('reads the shared settings once: public URL without trailing slash, WeChat credentials, log level, quiet hours', () => {
    const c = coreConfig({
      HUOBAN_PUBLIC_URL: 'https://huoban.example.cn/h5/',
      HUOBAN_WECHAT_APPID: 'wx1',
      HUOBAN_WECHAT_SECRET: 's',
      HUOBAN_LOG_LEVEL: 'debug',
      HUOBAN_ALERT_QUIET_HOURS: '22:00-07:30',
      HUOBAN_PDF_FONT: '/fonts/a.ttc',
    });
    assert.equal(c.publicUrl, 'https://huoban.example.cn/h5');
    assert.deepEqual(c.wechat, { apiBase: 'https://api.weixin.qq.com', appId: 'wx1', secret: 's' });
    assert.equal(c.logLevel, 'debug');
    assert.deepEqual(c.alertQuietHours, { start: '22:00', end: '07:30' });
    assert.deepEqual(c.pdfFont, ['/fonts/a.ttc', '']);
    const d = coreConfig({});
    assert.deepEqual(
      [d.publicUrl, d.alertQuietHours, d.pdfFont, d.wechat.appId],
      ['http://127.0.0.1:8080', null, undefined, undefined],
    );
  });

  it('a bad value stops the start with every problem listed; an app collects them with its own', () => {
    const bad = { HUOBAN_PUBLIC_URL: 'ftp://x', HUOBAN_ALERT_QUIET_HOURS: '25:00-08:00' };
    assert.throws(
      () => coreConfig(bad),
      (e: unknown) =>
        e instanceof ConfigError && /HUOBAN_PUBLIC_URL/.test(e.message) && /HUOBAN_ALERT_QUIET_HOURS/.test(e.message),
    );
    const problems: string[] = ['PORT must be a TCP port number'];
    coreConfig(bad, problems);
    assert.equal(problems.length, 3);
  });
});
