import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { isDatabaseUnavailable, isDuplicateKey } from './connection.js';

const nodeError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database errors', () => {
  it('an unreachable server and a socket dropped under a request read as unavailable (503), other errors do not', () => {
    assert.ok(
      isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' })),
    );
    // FerretDB stopped while a find was being written: the driver rejects with Node's own socket error
    assert.ok(isDatabaseUnavailable(nodeError('This socket has been ended by the other party', 'EPIPE')));
    assert.ok(isDatabaseUnavailable(nodeError('read ECONNRESET', 'ECONNRESET')));
    assert.ok(isDatabaseUnavailable(new Error('query failed', { cause: nodeError('socket ended', 'EPIPE') })));
    assert.equal(isDatabaseUnavailable(new Error('boom')), false);
    assert.equal(isDatabaseUnavailable(nodeError('E11000 duplicate key', '11000')), false);
    assert.equal(isDatabaseUnavailable(null), false);
  });

  it('a duplicate key is code 11000', () => {
    assert.ok(isDuplicateKey({ code: 11000 }));
    assert.equal(isDuplicateKey({ code: 11001 }), false);
    assert.equal(isDuplicateKey('E11000'), false);
  });
});
