import { Writable } from 'node:stream';
import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { createLogger, redactText } from './log.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, destination };
}

describe('structured logs: JSON lines with personal data redacted', () => {
  it('masks mobile numbers, resident id numbers and bearer tokens in free text', () => {
    assert.equal(redactText('联系人 13800138000，备用 +86 19912345678'), '联系人 138****8000，备用 +86 199****5678');
    assert.equal(redactText('身份证 11010519491231002X 已核验'), '身份证 1101**********002X 已核验');
    assert.equal(redactText('Authorization: Bearer eyJhbGciOi.abc-def_1'), 'Authorization: Bearer [redacted]');
    // not a phone: longer digit runs (order numbers) and amounts stay
    assert.equal(redactText('订单 2026112300012345678 金额 13800'), '订单 2026112300012345678 金额 13800');
  });

  it('writes one JSON object per line with service, ISO time and level, and redacts secret and personal fields', async () => {
    const { lines, destination } = capture();
    const log = createLogger('api', { level: 'info', destination });
    log.info(
      {
        reqId: 'r-1',
        req: { headers: { authorization: 'Bearer abc', 'x-service-key': 'k', cookie: 'c=1', host: 'h' } },
        user: { password: 'pw', phone: '13800138000', name: '张三' },
        token: 't',
        idNumber: '11010519491231002X',
      },
      '登录 13900139000',
    );
    log.debug('hidden at info');
    await new Promise((r) => setImmediate(r));
    assert.equal(lines.length, 1);
    const [l] = lines as [Record<string, any>]; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(l.service, 'api');
    assert.equal(l.level, 'info');
    assert.match(String(l.time), /^\d{4}-\d\d-\d\dT/);
    assert.equal(l.reqId, 'r-1');
    assert.equal(l.msg, '登录 139****9000');
    assert.equal(l.req.headers.authorization, '[redacted]');
    assert.equal(l.req.headers['x-service-key'], '[redacted]');
    assert.equal(l.req.headers.cookie, '[redacted]');
    assert.equal(l.req.headers.host, 'h');
    assert.equal(l.user.password, '[redacted]');
    assert.equal(l.user.phone, '[redacted]');
    assert.equal(l.user.name, '张三');
    assert.equal(l.token, '[redacted]');
    assert.equal(l.idNumber, '[redacted]');
  });
});
