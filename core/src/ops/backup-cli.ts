/**
 * `npm run backup -- <dir>` / `npm run restore -- <dir> [--drop]` (scripts/backup.sh): the database of
 * HUOBAN_MONGO_URL (or `--url <mongodb url>`), through the driver.
 */
import mongoose from 'mongoose';
import { coreEnv } from '../config.js';
import { backupDatabase, restoreDatabase } from './backup.js';

async function main(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv;
  const args = [...rest];
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return false;
    args.splice(i, 1);
    return true;
  };
  const option = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const drop = flag('--drop');
  const url = option('--url') ?? coreEnv().mongoUrl;
  const [dir] = args;
  if ((mode !== 'backup' && mode !== 'restore') || !dir || args.length > 1) {
    console.error('usage: backup <dir> [--url mongodb://…]   |   restore <dir> [--url mongodb://…] [--drop]');
    process.exit(2);
  }
  // a plain connection: connectMongo would build the app's indexes (and so its collections) in the target first
  const conn = await mongoose.createConnection(url, { serverSelectionTimeoutMS: 10_000, autoIndex: false }).asPromise();
  try {
    const db = conn.db!;
    if (mode === 'backup') {
      const m = await backupDatabase(db, dir);
      const docs = m.collections.reduce((n, c) => n + c.count, 0);
      console.log(`[backup] ${m.database}: ${m.collections.length} collections, ${docs} documents → ${dir}`);
    } else {
      const r = await restoreDatabase(db, dir, { drop });
      console.log(`[restore] ${dir} → ${db.databaseName}: ${r.collections} collections, ${r.documents} documents`);
    }
  } finally {
    await conn.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`[${process.argv[2] ?? 'backup'}] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
