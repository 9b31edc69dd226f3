import { Cluster } from './cluster.js';
import { scenarios, type Ctx, type Figure } from './scenarios.js';

/** Starts the cluster once (api, worker, bot on its own Redis + FerretDB) and runs the chosen scenarios in order. */
export async function runChaos(
  opts: {
    short: boolean;
    only?: string[];
    /** runs of the chosen scenarios, one after another (default 1) */ loop?: number;
  },
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
    const loop = opts.loop ?? 1;
    const chosen = scenarios.filter(
      (sc) => !opts.only || opts.only.some((o) => sc.name.toLowerCase().includes(o.toLowerCase())),
    );
    for (let i = 1; i <= loop; i++)
      for (const scenario of chosen) {
        // in a loop each run's figures carry the run's number (`FerretDB stopped under load #3/20`)
        const sc = loop > 1 ? { ...scenario, name: `${scenario.name} #${i}/${loop}` } : scenario;
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
        for (const name of ['api', 'worker', 'bot'])
          if (c.procs.get(name)?.child.exitCode !== null) await c.start(name);
      }
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
    await c.close();
  }
  return rows;
}
