// A jest environment that runs one test file under another process time zone (docblock `@timezone Area/City`),
// for the tests proving that nothing depends on the server's zone. jest gives each file a copy of process.env,
// so a test cannot set TZ itself; the zone is set here, in the worker process, and restored after the file.
import { TestEnvironment } from 'jest-environment-node';

export default class TimezoneEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.zone = context.docblockPragmas.timezone;
    this.previous = process.env.TZ;
  }
  async setup() {
    await super.setup();
    if (this.zone) process.env.TZ = String(this.zone);
  }
  async teardown() {
    if (this.previous === undefined) delete process.env.TZ;
    else process.env.TZ = this.previous;
    await super.teardown();
  }
}
