import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { WorkCalendar } from '../calendar/index.js';
import {
  WORKING_DAYS_MAX,
  findForbiddenKey,
  isDayInRange,
  isMonthInRange,
  isPeriodInRange,
  isQuarterInRange,
  jsonDepthExceeds,
  maskId,
  maskPersonalData,
  maskPhone,
  normaliseText,
  parseStrictInt,
  parseStrictNumber,
  programmeClockProblems,
} from './index.js';
import { workingDayDeadline } from '../calendar/index.js';
import { parsePeriod } from '../rules/scorecard.js';
import { isCreditMonth } from '../credit/months.js';

describe('core/validation (issue #8 input hardening)', () => {
  it('months, periods, quarters and days lie within 2000–2100', () => {
    for (const ok of ['2000-01', '2026-07', '2100-12']) assert.ok(isMonthInRange(ok), ok);
    for (const bad of ['0000-01', '9999-12', '1999-12', '2101-01', '2026-13', '2026-7', 7])
      assert.ok(!isMonthInRange(bad));
    assert.ok(isPeriodInRange('2026H2') && !isPeriodInRange('9999H2') && !isPeriodInRange('0000H1'));
    assert.ok(isQuarterInRange('2026Q1') && !isQuarterInRange('9999Q1') && !isQuarterInRange('2026Q5'));
    assert.ok(isDayInRange('2028-02-29') && !isDayInRange('2026-02-29') && !isDayInRange('9999-12-31'));
    assert.ok(!isDayInRange('0001-01-01') && !isDayInRange('2026-1-1'));
  });

  it('FT-12a core refuses the same periods and months as the api (one source)', () => {
    assert.equal(parsePeriod('9999H2'), null);
    assert.equal(parsePeriod('0000H1'), null);
    assert.ok(parsePeriod('2026H2'));
    assert.ok(!isCreditMonth('0000-01') && isCreditMonth('2026-05'));
  });

  it('WT-2 the working-day bound is the one core enforces', () => {
    const cal = new WorkCalendar();
    assert.doesNotThrow(() => workingDayDeadline(new Date('2026-03-02T02:00:00Z'), WORKING_DAYS_MAX, cal));
    assert.throws(() => workingDayDeadline(new Date('2026-03-02T02:00:00Z'), WORKING_DAYS_MAX + 1, cal), RangeError);
  });

  it('strict numbers: 0x10, 1e1, " 12", "012", "" are refused', () => {
    assert.equal(parseStrictInt('16'), 16);
    assert.equal(parseStrictInt('0'), 0);
    for (const bad of ['0x10', '1e1', ' 12', '12 ', '012', '', '1.0', '+1', 'Infinity'])
      assert.equal(parseStrictInt(bad), null, bad);
    assert.equal(parseStrictNumber('0.5'), 0.5);
    for (const bad of ['0x10', '1e1', '.5', '5.', 'NaN']) assert.equal(parseStrictNumber(bad), null, bad);
  });

  it('texts are trimmed (also of zero-width characters) and refused when blank, invisible or controlling', () => {
    assert.deepEqual(normaliseText('  \u200b回复\u3000 '), { ok: true, value: '回复' });
    assert.deepEqual(normaliseText('第一行\n\t第二行'), { ok: true, value: '第一行\n\t第二行' });
    assert.deepEqual(normaliseText('👨\u200d👩\u200d👧'), { ok: true, value: '👨\u200d👩\u200d👧' });
    for (const blank of ['', '   ', '\u200b\u200c\u200d\ufeff', '\u3000\n\t'])
      assert.deepEqual(normaliseText(blank), { ok: false, problem: 'blank' }, JSON.stringify(blank));
    for (const control of ['a\u0000b', '\u0007', 'x\u001b[31m', '\u202e反转', 'a\u0085'])
      assert.deepEqual(normaliseText(control), { ok: false, problem: 'control' }, JSON.stringify(control));
    assert.deepEqual(normaliseText(12), { ok: false, problem: 'not_text' });
  });

  it('JSON depth is measured before parsing; brackets inside strings do not count', () => {
    assert.equal(jsonDepthExceeds('['.repeat(20_000) + ']'.repeat(20_000)), true);
    assert.equal(jsonDepthExceeds('{"a":{"b":[1,2,{"c":3}]}}', 4), false);
    assert.equal(jsonDepthExceeds('{"a":{"b":[1,2,{"c":3}]}}', 3), true);
    assert.equal(jsonDepthExceeds(JSON.stringify({ s: '[[[[[[[[[[{{{{{{{\\"' }), 2), false);
  });

  it('prototype and $-operator keys are found at any depth', () => {
    assert.equal(findForbiddenKey({ a: [{ b: 1 }] }), null);
    assert.equal(findForbiddenKey(JSON.parse('{"a":{"__proto__":{"x":1}}}')), 'a.__proto__');
    assert.equal(findForbiddenKey({ a: [{ $gt: '' }] }), 'a[0].$gt');
    assert.equal(findForbiddenKey({ constructor: { prototype: {} } }), 'constructor');
    assert.equal(findForbiddenKey({ price$: 1 }), null);
  });

  it('PIPL phone and ID numbers are masked for lists and logs', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('+86 138-1234-5678'), '138****5678');
    assert.equal(maskPhone('0755-88886666'), '075*****6666');
    assert.equal(maskPhone('12-345'), '******');
    assert.equal(maskPhone(undefined), undefined);
    assert.equal(maskId('110101199003074518'), '1101**********4518');
    assert.equal(
      maskPersonalData('客户 13812345678 身份证 11010119900307451X'),
      '客户 138****5678 身份证 1101**********451X',
    );
    assert.equal(
      maskPersonalData('客户13812345678反映，回电：13812345678。'),
      '客户138****5678反映，回电：138****5678。',
    );
  });

  it('identifiers are never masked: an ObjectId or a hash holding a run of digits that reads like a mobile number', () => {
    // the CI failure: an import answered complaint ids masked to `6b1754dc178****5356f0f1e`, which then read as 404
    for (const id of ['6b1754dc17853565356f0f1e', '13812345678a9b8c7d6e5f4a3', 'ab47b5a2a8bbe913812345678e3d61599a']) {
      assert.equal(maskPersonalData(id), id);
      assert.equal(maskPersonalData(`投诉 ${id} 已登记`), `投诉 ${id} 已登记`);
    }
  });

  it('WT-3 a programme window and SLA budget the clock cannot compute are refused', () => {
    const cal = new WorkCalendar();
    assert.deepEqual(programmeClockProblems({ start: '08:00', end: '23:00', days: 'all' }, 12, cal), []);
    assert.deepEqual(programmeClockProblems({ start: '08:00', end: '23:00', days: 'workdays' }, 240, cal), []);
    assert.match(programmeClockProblems({ start: '08:00', end: '08:01', days: 'all' }, 240, cal)[0]!, /slaHours/);
    assert.match(programmeClockProblems({ start: '08:00', end: '09:00', days: 'all' }, 240, cal)[0]!, /60/);
    assert.match(programmeClockProblems({ start: '09:00', end: '08:00', days: 'all' }, 12, cal)[0]!, /complaintWindow/);
  });
});
