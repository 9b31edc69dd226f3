/**
 * Issue #17: the wiring stays one way. Reads the sources of core, api, worker and bot (tests excluded) and counts
 * what must stay single: the error family, the composition root, the reading of the environment.
 */
import { describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(workspace: string): { path: string; text: string }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  return walk(join(ROOT, workspace, 'src'))
    .filter((p) => !/\.test\.ts$/.test(p) && !p.includes(`${join('src', 'testing')}`))
    .map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));
}

const hits = (files: { path: string; text: string }[], re: RegExp) =>
  files.flatMap((f) => [...f.text.matchAll(new RegExp(re, 'g'))].map((m) => `${f.path}: ${m[0]}`));

const core = sources('core');
const api = sources('api');
const apps = [...core, ...api, ...sources('worker'), ...sources('bot')];

describe('one error family (issue #17 item 6)', () => {
  it('core and the api declare at most 2 error classes: DomainError and ConfigError', () => {
    const classes = hits([...core, ...api], /class \w+ extends \w*(Error|Exception)\b/);
    assert.ok(classes.length <= 2, classes.join('\n'));
    assert.deepEqual(
      classes.map((c) => /class (\w+)/.exec(c)![1]).sort(),
      ['ConfigError', 'DomainError'],
      classes.join('\n'),
    );
  });

  it('the api throws no Nest exception: services throw DomainError, one filter maps its code to HTTP', () => {
    assert.equal(hits(api, /new \w+Exception\(/).join('\n'), '');
  });
});

describe('one composition root (issue #17 item 3)', () => {
  it('Transitions, PartnerLifecycle and ComplaintCounters are built only by connectCore', () => {
    assert.equal(
      hits(apps, /new (Transitions|PartnerLifecycle|ComplaintCounters)\(/)
        .filter((h) => !h.startsWith(join('core', 'src', 'root.ts')))
        .join('\n'),
      '',
    );
  });

  it('the api builds no repository itself: the infra module hands out the core’s', () => {
    assert.equal(hits(api, /new \w+Repository\(/).join('\n'), '');
  });

  it('the worker and the api construct no handler, repository or service class of core: they come from connect<Feature>', () => {
    const coreClasses = new Set(
      core.flatMap((f) => [...f.text.matchAll(/export (?:abstract )?class (\w+)/g)].map((m) => m[1]!)),
    );
    // the allowed ones, with their reasons
    const allowed: Record<string, string> = {
      DomainError: 'an error value thrown, not a piece of wiring',
      Notifier: 'the process’s notice adapter over its Redis queue, handed to connectCore as infra',
      NoticeRecovery: 'the same adapter’s outbox recovery over the notices queue (the worker’s notice-outbox task)',
    };
    const built = hits([...api, ...sources('worker')], /new (\w+)\(/)
      .map((h) => ({ h, name: /new (\w+)\($/.exec(h)![1]! }))
      .filter(({ name }) => coreClasses.has(name) && !(name in allowed))
      .map(({ h }) => h);
    assert.ok(coreClasses.has('SlaHandler') && coreClasses.has('ExitHandler'), 'the scan sees core’s classes');
    assert.equal(built.join('\n'), '');
  });
});

describe('one configuration, read once (issue #17 item 3)', () => {
  it('HUOBAN_PUBLIC_URL is read in one place (core/src/config.ts)', () => {
    assert.deepEqual(
      hits(apps, /env(\.|\[')HUOBAN_PUBLIC_URL/).map((h) => h.split(':')[0]),
      [join('core', 'src', 'config.ts')],
    );
  });

  it('process.env is read only by the configuration readers and the process entry points', () => {
    const readers = [
      'core/src/config.ts',
      'core/src/clock.ts',
      'api/src/config.ts',
      'worker/src/main.ts',
      'bot/src/config.ts',
      'bot/src/ops.ts',
    ].map((p) => join(...p.split('/')));
    assert.equal(
      hits(apps, /process\.env\b/)
        .map((h) => h.split(':')[0]!)
        .filter((p) => !readers.includes(p))
        .join('\n'),
      '',
    );
  });
});
