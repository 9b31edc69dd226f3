/**
 * `npm run chaos`: every fault-injection scenario of issue #8 at full size, a table of figures, exit 1 on a miss.
 * `--short` runs the small version (what `npm test` runs); `--only=<words>` picks scenarios by name.
 */
import { runChaos } from './run.js';
import { printTable } from './scenarios.js';

const args = process.argv.slice(2);
const short = args.includes('--short');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const t0 = Date.now();
const rows = await runChaos({ short, only }, (name, figures) => {
  console.log(`\n## ${name}\n${printTable(figures)}`);
});
console.log(`\n# chaos (${short ? 'short' : 'full'}), ${((Date.now() - t0) / 1000).toFixed(0)} s\n${printTable(rows)}`);
const missed = rows.filter((r) => !r.ok);
console.log(missed.length ? `\n${missed.length} figure(s) missed their mark` : '\nevery figure met its mark');
process.exit(missed.length ? 1 : 0);
