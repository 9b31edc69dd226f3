import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  affiliationOf,
  applicationStatusText,
  creditCodeError,
  historyLine,
  letterCodeFrom,
  letterValidity,
  profileRows,
  myEvaluations,
  objectionSubject,
  nextDue,
  panelShort,
  signedPartnerCode,
  splitList,
} from './intake.js';

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

  it('#18 an approved application reads 公示中 while its 公示 runs and 公示结束 after it ended', () => {
    const publicity = { publishedAt: '2026-12-01T01:00:00.000Z', endsAt: '2026-12-08T15:59:59.999Z' };
    assert.equal(applicationStatusText('approved', publicity, Date.parse('2026-12-05T00:00:00Z')), '拟引入（公示中）');
    assert.equal(
      applicationStatusText('approved', publicity, Date.parse('2026-12-09T00:00:00Z')),
      '拟引入（公示结束，待签约）',
    );
    assert.equal(applicationStatusText('approved', null, 0), '拟引入（待公示）');
    assert.equal(applicationStatusText('signed', publicity, 0), '已签约');
  });

  it('#18 history lines name the action in Chinese, never its code', () => {
    const at = '2026-12-01T02:00:00.000Z';
    assert.equal(historyLine({ at, by: 'uirv', action: 'pre_review_passed' }), '2026-12-01 10:00 uirv 预审通过');
    assert.equal(
      historyLine({ at, by: '王五', action: 'vote_pass', note: '材料齐全' }),
      '2026-12-01 10:00 王五 评估意见：通过：材料齐全',
    );
    assert.doesNotMatch(historyLine({ at, by: 'x', action: 'new_code' }), /new_code/);
  });

  it('#18 the hand-over names the partner code the signing created', () => {
    const history = [{ action: 'signed', note: '伙伴编码 IN12AB' }];
    assert.equal(signedPartnerCode({ status: 'signed', history }), 'IN12AB');
    assert.equal(signedPartnerCode({ status: 'approved', history }), '');
  });

  it('#18 an objection names the company it concerns, or the companies of its 公示', () => {
    const meetings = [
      {
        id: 'm1',
        decisions: [
          { applicationId: 'a1', companyName: '甲公司', result: 'approved' },
          { applicationId: 'a2', companyName: '乙公司', result: 'approved' },
          { applicationId: 'a3', companyName: '丙公司', result: 'declined' },
        ],
      },
    ];
    assert.equal(objectionSubject({ applicationId: 'a2', meetingId: 'm1' }, meetings), '乙公司');
    assert.equal(objectionSubject({ applicationId: null, meetingId: 'm1' }, meetings), '甲公司、乙公司');
    assert.equal(objectionSubject({ applicationId: null, meetingId: 'mx' }, meetings), '');
  });

  it('#18 the evaluation queue of a member lists only the panels they sit on and have not voted in', () => {
    const panel = (members: string[], votes: string[]) => ({
      members: members.map((userId) => ({ userId })),
      votes: votes.map((userId) => ({ userId })),
    });
    const items = [
      { id: 'mine', status: 'evaluation', panel: panel(['u1', 'u2'], []) },
      { id: 'voted', status: 'evaluation', panel: panel(['u1', 'u2'], ['u1']) },
      { id: 'other', status: 'evaluation', panel: panel(['u2', 'u3'], []) },
      { id: 'to-form', status: 'pre_review_passed', panel: null },
    ];
    assert.deepEqual(
      myEvaluations(items, 'u1').map((a) => a.id),
      ['mine'],
    );
  });

  it('FT-11 the partner profile rows: code, programme, contract term, products; letter validity in Beijing days', () => {
    const contract = { termStart: '2026-10-01', endsAt: '2027-09-30', products: ['和包食堂', '预付卡'] };
    assert.deepEqual(profileRows({ code: 'P-1', programme: { name: '行业拓展' }, contract }), [
      ['伙伴编号', 'P-1'],
      ['所属计划', '行业拓展'],
      ['合同期限', '2026-10-01 至 2027-09-30'],
      ['合作产品', '和包食堂、预付卡'],
    ]);
    assert.deepEqual(profileRows({ code: 'P-2', programme: { name: '' }, contract: null }).slice(1), [
      ['所属计划', '—'],
      ['合同期限', '未登记'],
      ['合作产品', '未登记'],
    ]);
    assert.equal(
      letterValidity({ validFrom: '2026-09-30T16:00:00.000Z', validTo: '2027-09-30T15:59:59.999Z' }),
      '2026-10-01 至 2027-09-30',
    );
  });

  it('FT-8 a panel left short by a declared conflict (fewer than 3 members or teams) asks staff to complete it', () => {
    const m = (team: string) => ({ team });
    assert.equal(panelShort([m('A'), m('B')]), true);
    assert.equal(panelShort([m('A'), m('B'), m('B')]), true);
    assert.equal(panelShort([m('A'), m('B'), m('C')]), false);
    assert.deepEqual(affiliationOf({ companyName: ' 某公司 ', creditCode: '', phone: ' ' }), { companyName: '某公司' });
  });
});
