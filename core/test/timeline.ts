/** Test support for the lifecycle simulations (issue #17): the timeline a reviewer reads, as a table in test-artifacts/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shanghaiDate } from '../src/calendar/index.js';

export interface TimelineEntry {
  at: Date;
  event: string;
  rule: string;
  detail: string;
}

/** Writes `entries` in time order to test-artifacts/`file` under `title`; returns the number of rows. */
export function writeTimeline(file: string, title: string, entries: TimelineEntry[]): number {
  const rows = [...entries]
    .sort((x, y) => x.at.getTime() - y.at.getTime())
    .map((t) => `| ${shanghaiDate(t.at)} | ${t.event} | ${t.rule} | ${t.detail} |`);
  const dir = join(process.cwd(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, file),
    [`# ${title}`, '', '| 日期 | 事件 | 规则 | 说明 |', '|---|---|---|---|', ...rows, ''].join('\n'),
  );
  return rows.length;
}
