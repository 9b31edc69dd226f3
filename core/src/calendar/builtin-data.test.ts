/**
 * @timezone Asia/Shanghai
 *
 * chinese-days reads a 'YYYY-MM-DD' string back in the process time zone; pinned so its answers are its data's.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from '@jest/globals';
import { WorkCalendar, shanghaiDate, shanghaiMidnight } from './index.js';

const chineseDays = createRequire(import.meta.url)('chinese-days') as { isWorkday(date: string): boolean };

describe('built-in official data (WT-1)', () => {
  it('WT-1 every day of every covered year matches chinese-days isWorkday', () => {
    assert.equal(new Date(2026, 0, 1).getTimezoneOffset(), -480, 'TZ did not take effect');
    const cal = new WorkCalendar();
    const years = cal.coveredYears();
    assert.equal(years[0], 2004);
    assert.equal(years.at(-1), 2026);
    let checked = 0;
    for (let t = shanghaiMidnight(`${years[0]}-01-01`).getTime(); ; t += 86_400_000) {
      const date = shanghaiDate(new Date(t));
      if (Number(date.slice(0, 4)) > years.at(-1)!) break;
      assert.equal(cal.isWorkday(date), chineseDays.isWorkday(date), date);
      assert.equal(cal.isProvisional(date), false, date);
      checked++;
    }
    assert.equal(checked, 8401); // 2004-01-01 .. 2026-12-31
  });

  it('WT-1 chinese-days silently guesses 2027 as Monday–Friday; we flag it provisional', () => {
    const cal = new WorkCalendar();
    assert.equal(chineseDays.isWorkday('2027-10-01'), true); // the package's guess for a Friday
    assert.equal(cal.isWorkday('2027-10-01'), true);
    assert.equal(cal.isProvisional('2027-10-01'), true);
  });
});
