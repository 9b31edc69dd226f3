import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { creditCodeError, letterCodeFrom, nextDue, splitList } from './intake.js';

describe('intake page helpers', () => {
  it('FT-2 credit code check digit (GB 32100-2015) before sending', () => {
    assert.equal(creditCodeError('9144030071526726XG'), '');
    assert.equal(creditCodeError('91350100m000100y43'), '');
    assert.match(creditCodeError('9144030071526726XA'), /校验位/);
    assert.match(creditCodeError('123'), /18位/);
  });

  it('FT-7 FT-8 FT-9 the next step and its due instant by status', () => {
    const a = { preReviewDueAt: 'p', evaluationDueAt: 'e', decisionDueAt: 'd' };
    assert.deepEqual(nextDue({ ...a, status: 'submitted' }), { label: '预审截止', at: 'p' });
    assert.deepEqual(nextDue({ ...a, status: 'evaluation' }), { label: '评估截止', at: 'e' });
    assert.deepEqual(nextDue({ ...a, status: 'evaluated' }), { label: '结果确认截止', at: 'd' });
    assert.equal(nextDue({ ...a, status: 'signed' }), null);
  });

  it('FT-11 reads the code of a verification link', () => {
    assert.equal(letterCodeFrom('http://h5/#/verify/Abc_-1'), 'Abc_-1');
    assert.equal(letterCodeFrom(' Abc '), 'Abc');
  });

  it('splits a typed list on Chinese and ASCII commas, dropping blanks', () => {
    assert.deepEqual(splitList(' 和包食堂，和包支付 、, 积分 '), ['和包食堂', '和包支付', '积分']);
    assert.deepEqual(splitList('群1、群2，群3', /[,，]/), ['群1、群2', '群3']);
    assert.deepEqual(splitList('  '), []);
  });
});
