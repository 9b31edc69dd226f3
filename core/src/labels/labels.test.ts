import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import { INTAKE_HISTORY_ACTIONS, intakeHistoryAction } from './index.js';

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
