import { MetricsRepository, metricsModels } from '../metrics/store.js';
import type { Core, Feature, ScheduleRun } from '../root.js';
import { CreditCloseHandler } from './close-handler.js';
import { CreditAccounts } from './accounts.js';
import { CreditAppeals } from './appeals.js';
import type { CreditContext } from './context.js';
import { CreditLedger } from './ledger.js';
import { CreditRankings } from './rankings.js';
import { creditRepositories, type CreditRepositories } from './repositories.js';
import { creditModels } from './schemas.js';
import { CreditTableAdmin } from './table-admin.js';
import { CreditViews } from './views.js';

/**
 * The credit feature (seed 002, MG-1..MG-13): its repositories, the one ledger api and worker share, and the
 * use-cases the api's thin controllers call (and the worker could).
 */
export interface CreditFeature extends Feature<CreditAccounts, { 'credit-close': ScheduleRun }> {
  repos: CreditRepositories;
  ledger: CreditLedger;
  /** MG-1 read models: the account view, the account list, the month export */
  views: CreditViews;
  /** MG-2/3/4/6/7/8/9/10/11/12/13 staff operations on accounts */
  accounts: CreditAccounts;
  /** partners' appeals against their deductions */
  appeals: CreditAppeals;
  /** MG-8/MG-12 admin-edited tables per programme */
  tables: CreditTableAdmin;
  /** MG-4 quarter rankings from the imported revenue */
  rankings: CreditRankings;
}

/**
 * Builds the credit feature on the composition root, once per core (api, worker and tests alike); indexes are built
 * before it returns. MG-7 A-class results and appeals go to the core's notifier (none → no notices).
 */
export function connectCredit(core: Core): Promise<CreditFeature> {
  return core.feature('credit', async () => {
    const repos = creditRepositories(await creditModels(core.conn));
    const { partners, programmes, audit } = core.repos;
    const ledger = new CreditLedger({ repos, partners, audit, notifier: core.notifier });
    const x: CreditContext = { repos, ledger, partners, programmes, audit, notifier: core.notifier, now: core.now };
    const views = new CreditViews(x);
    const accounts = new CreditAccounts(x, views);
    const metrics = new MetricsRepository(await metricsModels(core.conn));
    const close = new CreditCloseHandler(ledger);
    return {
      // `service`: the staff operations on accounts (also `accounts`, beside the other use-case groups)
      service: accounts,
      handlers: { 'credit-close': (now: Date) => close.run(now) }, // MG-13, idempotent
      repos,
      ledger,
      views,
      accounts,
      appeals: new CreditAppeals(x),
      tables: new CreditTableAdmin(x),
      rankings: new CreditRankings(x, metrics, accounts),
    };
  });
}
