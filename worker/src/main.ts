import { coreEnv, createLogger, routeConsoleToLogger } from '@huoban/core';
import { startWorker, workerOptions } from './app.js';

const logger = createLogger('worker'); // JSON lines; console output goes through it too
routeConsoleToLogger(logger);

const app = await startWorker(workerOptions(process.env, coreEnv()));
app.metrics.logJobs(logger);
if (app.httpPort !== undefined) console.log(`[worker] live/ready/metrics on :${app.httpPort}`);
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
