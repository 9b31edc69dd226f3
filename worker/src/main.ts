import { coreEnv } from '@huoban/core';
import { startWorker, workerOptions } from './app.js';

const app = await startWorker(workerOptions(process.env, coreEnv()));
console.log('[worker] started: sla timers and sweeper running');

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    console.log(`[worker] ${signal}: finishing active jobs`);
    app.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
