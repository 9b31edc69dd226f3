/**
 * `npm run chaos`: every fault-injection scenario of issue #8 at full size, a table of figures, exit 1 on a miss.
 * `--short` runs the small version (what `npm test` runs); `--only=<words>` picks scenarios by name; `--loop=N` runs
 * them N times in a row on the same cluster (e.g. `npm run chaos -- --only=ferretdb --loop=20`).
 */
import { runChaos } from './run.js';
import { printTable } from './scenarios.js';

const args = process.argv.slice(2);
const short = args.includes('--short');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const loop = Number(args.find((a) => a.startsWith('--loop='))?.slice(7) ?? 1);
if (!Number.isInteger(loop) || loop < 1) throw new Error('--loop=N needs a whole number N ≥ 1');
const t0 = Date.now();
const rows = await runChaos({ short, only, loop }, (name, figures) => {
  console.log(`\n## ${name}\n${printTable(figures)}`);
});
console.log(`\n# chaos (${short ? 'short' : 'full'}), ${((Date.now() - t0) / 1000).toFixed(0)} s\n${printTable(rows)}`);
const missed = rows.filter((r) => !r.ok);
if (loop > 1) {
  const runs = new Set(rows.map((r) => r.scenario));
  const failed = new Set(missed.map((r) => r.scenario));
  console.log(
    `\n# loop: ${runs.size} scenario runs, ${runs.size - failed.size} met every mark, ${failed.size} missed one`,
  );
}
console.log(missed.length ? `\n${missed.length} figure(s) missed their mark` : '\nevery figure met its mark');
process.exit(missed.length ? 1 : 0);
