// The jest environment of every test file: node's, with two realm repairs.
// - jest runs a file in its own vm realm, but `fetch` answers with objects built in node's main realm, and
//   node:assert's strict deepEqual compares prototypes: `Response#json` parses in the file's realm instead.
// - a docblock `@timezone Area/City` runs the file under that process time zone (jest gives each file a copy of
//   process.env, so a test cannot set TZ itself); the zone is restored after the file.
import { TestEnvironment } from 'jest-environment-node';

export default class HuobanEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.zone = context.docblockPragmas.timezone;
    this.previousZone = process.env.TZ;
  }
  async setup() {
    await super.setup();
    if (this.zone) process.env.TZ = String(this.zone);
    const realmJSON = this.global.JSON;
    this.originalJson = Response.prototype.json;
    Response.prototype.json = async function json() {
      return realmJSON.parse(await this.text());
    };
  }
  async teardown() {
    Response.prototype.json = this.originalJson;
    if (this.previousZone === undefined) delete process.env.TZ;
    else process.env.TZ = this.previousZone;
    await super.teardown();
  }
}
