import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import {
  APPEAL_STATUS_LABEL,
  APPLICATION_STATUS_LABEL,
  COMPLAINT_KIND_LABEL,
  COMPLAINT_STATUS_LABEL,
  CREDIT_ENTRY_KIND_LABEL,
  INTAKE_HISTORY_ACTIONS,
  intakeHistoryAction,
  labelOf,
  LETTER_STATUS_LABEL,
  RECRUITMENT_STATUS_LABEL,
  RECTIFICATION_STATUS_LABEL,
  REPLY_VERDICT_LABEL,
  ROLE_LABEL,
  SLA_STATE_LABEL,
} from './index.js';

const INTAKE = join(dirname(fileURLToPath(import.meta.url)), '..', 'intake');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

describe('intake history labels (#18: history lines showed "pre_review_passed", "vote_pass")', () => {
  it('every action intake writes on a visible history has a Chinese name', () => {
    const codes = new Set<string>();
    for (const file of sources(INTAKE)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/history: \[?\s*(?:pass \? )?'([a-z_]+)'(?: : '([a-z_]+)')?/g))
        for (const c of [m[1], m[2]]) if (c) codes.add(c);
      for (const m of text.matchAll(/action: '([a-z_]+)'/g)) codes.add(m[1]);
    }
    assert.ok(codes.size >= 10, [...codes].join(','));
    assert.deepEqual(
      [...codes].filter((c) => !INTAKE_HISTORY_ACTIONS[c]),
      [],
    );
    // a decision's result is written as its history action (committee: history: [d.result, …])
    assert.equal(intakeHistoryAction('approved'), '部务会决策：拟引入');
  });

  it('reads dotted audit actions by their last part and never shows an unknown code', () => {
    assert.equal(intakeHistoryAction('application.pre_review_passed'), '预审通过');
    assert.equal(intakeHistoryAction('vote_pass'), '评估意见：通过');
    assert.equal(intakeHistoryAction('something_new'), '其他操作');
  });
});

describe('status names: one table, the enums of the api document (#17 item 5)', () => {
  const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'contracts', 'openapi.json');
  type Schema = { properties?: Record<string, { enum?: string[] }> };
  const schemas = (JSON.parse(readFileSync(DOC, 'utf8')) as { components: { schemas: Record<string, Schema> } })
    .components.schemas;
  /** [schema, property, the table the mini-program shows it by] */
  const SHOWN: [string, string, Record<string, string>][] = [
    ['ComplaintView', 'status', COMPLAINT_STATUS_LABEL],
    ['ComplaintView', 'slaState', SLA_STATE_LABEL],
    ['ComplaintView', 'kind', COMPLAINT_KIND_LABEL],
    ['ComplaintViewReply', 'verdict', REPLY_VERDICT_LABEL],
    ['Me', 'role', ROLE_LABEL],
    ['CreditAccountViewEntry', 'kind', CREDIT_ENTRY_KIND_LABEL],
    ['Appeal', 'status', APPEAL_STATUS_LABEL],
    ['Rectification', 'status', RECTIFICATION_STATUS_LABEL],
    ['Application', 'status', APPLICATION_STATUS_LABEL],
    ['Letter', 'status', LETTER_STATUS_LABEL],
    ['LetterCheck', 'status', LETTER_STATUS_LABEL],
    ['Recruitment', 'status', RECRUITMENT_STATUS_LABEL],
  ];

  it('every status the mini-program shows is an enum in the document, and each of its values has a Chinese name', () => {
    for (const [schema, prop, table] of SHOWN) {
      const values = schemas[schema]?.properties?.[prop]?.enum;
      assert.ok(values?.length, `${schema}.${prop} is not an enum in contracts/openapi.json`);
      assert.deepEqual([...values].sort(), Object.keys(table).sort(), `${schema}.${prop}`);
      for (const v of values) assert.match(table[v], /\p{Script=Han}/u, `${schema}.${prop} ${v}`);
    }
  });

  it('every status field of the document is an enum (the mini-program never sees a bare status string)', () => {
    const bare = Object.entries(schemas).flatMap(([name, s]) =>
      Object.entries(s.properties ?? {})
        .filter(([prop, p]) => /^(status|partnerStatus|slaState)$/.test(prop) && !p.enum)
        .map(([prop]) => `${name}.${prop}`),
    );
    // the process health answers (Health, Live, Ready's checks) are operators' words, not statuses of a record
    assert.deepEqual(
      bare.filter((b) => !/^(Health|Live|Ready)/.test(b)),
      [],
    );
    assert.equal(labelOf(APPLICATION_STATUS_LABEL, 'signed'), '已签约');
    assert.equal(labelOf(APPLICATION_STATUS_LABEL, 'something_new'), 'something_new');
  });
});
