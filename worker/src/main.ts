import { createLogger, routeConsoleToLogger } from '@huoban/core';
import { startWorker, workerOptions } from './app.js';

const opts = workerOptions(process.env); // the one reading of the environment
const logger = createLogger('worker', { level: opts.logLevel }); // JSON lines; console output goes through it too
routeConsoleToLogger(logger);

const app = await startWorker(opts);
// job lines hold a queue, job id, name, attempt, outcome and duration, none of the redacted fields: path redaction,
// three quarters of a line's cost at two lines per job (10k burst, issue #16), is left off them (text is still masked)
app.metrics.logJobs(logger.child({}, { redact: [] }));
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
