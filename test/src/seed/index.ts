/**
 * `npm run seed -- --scale year|10x [--seed N] [--until YYYY-MM-DD] [--closes 12] [--reset]`: writes a realistic year (or ten) of
 * data into HUOBAN_MONGO_URL (scripts/seed.sh points it at the database `npm start` uses) and prints what it wrote.
 */
import { connectMongo } from '@huoban/core';
import { seedYear } from './year.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
};
const scaleName = arg('scale') ?? 'year';
const scale = scaleName === 'year' ? 1 : scaleName === '10x' ? 10 : Number(scaleName); // a number: a fraction of a year, for trials
if (!(scale > 0)) {
  console.error('--scale must be year or 10x');
  process.exit(2);
}
const seed = Number(arg('seed') ?? 1);
const until = arg('until') ? new Date(`${arg('until')}T16:00:00Z`) : new Date();
const closes = Number(arg('closes') ?? 12);
const url = process.env.HUOBAN_MONGO_URL ?? 'mongodb://127.0.0.1:27018/huoban';

const conn = await connectMongo(url);
try {
  const existing = await conn.db!.collection('programmes').countDocuments({ code: { $in: ['SEED-FT', 'SEED-MG'] } });
  if (existing && !args.includes('--reset')) {
    console.error(`${url} already holds seeded programmes: add --reset to drop the database first`);
    process.exit(1);
  }
  if (args.includes('--reset')) {
    console.log(`dropping ${conn.db!.databaseName}`);
    await conn.db!.dropDatabase();
  }
  console.log(`seeding ${scaleName} (seed ${seed}, year until ${until.toISOString()}) into ${url}`);
  const report = await seedYear(conn, { seed, scale, until, closes, log: (l) => console.log(l) });
  console.log(`done in ${(report.ms / 1000).toFixed(1)} s; sample: ${JSON.stringify(report.sample)}`);
  console.log(
    JSON.stringify({
      seed: { scale: scaleName, seed, url, ms: report.ms, counts: report.counts, sample: report.sample },
    }),
  );
} finally {
  await conn.close();
}
