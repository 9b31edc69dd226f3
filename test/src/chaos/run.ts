import { Cluster } from './cluster.js';
import { scenarios, type Ctx, type Figure } from './scenarios.js';

/** Starts the cluster once (api, worker, bot on its own Redis + FerretDB) and runs the chosen scenarios in order. */
export async function runChaos(
  opts: { short: boolean; only?: string[] },
  onScenario?: (name: string, figures: Figure[]) => void,
): Promise<Figure[]> {
  const c = await Cluster.create({ short: opts.short });
  const rows: Figure[] = [];
  // Ctrl-C / a timeout: stop the processes and daemons started here, then exit
  const abort = (signal: NodeJS.Signals) => {
    console.error(`chaos: ${signal}, stopping`);
    void c.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    await c.start('api');
    await Promise.all([c.start('worker'), c.start('bot')]);
    await c.login();
    const programmeId = await c.programme(`chaos-${c.id}`);
    let n = 0;
    const ctx: Ctx = {
      c,
      short: opts.short,
      programmeId,
      partner: (tag) => c.partner(programmeId, `C${tag}${c.id.slice(0, 4)}${n++}`),
    };
    for (const sc of scenarios) {
      if (opts.only && !opts.only.some((o) => sc.name.toLowerCase().includes(o.toLowerCase()))) continue;
      const t0 = Date.now();
      let figures: Figure[];
      try {
        figures = await sc.run.call(sc, ctx);
      } catch (e) {
        figures = [
          { scenario: sc.name, figure: 'ran to the end', value: (e as Error).message, mark: 'yes', ok: false },
        ];
      }
      figures.push({
        scenario: sc.name,
        figure: 'scenario time',
        value: `${((Date.now() - t0) / 1000).toFixed(0)} s`,
        mark: 'bounded',
        ok: true,
      });
      rows.push(...figures);
      onScenario?.(sc.name, figures);
      // every process must still be there for the next scenario
      for (const name of ['api', 'worker', 'bot']) if (c.procs.get(name)?.child.exitCode !== null) await c.start(name);
    }
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
    await c.close();
  }
  return rows;
}
