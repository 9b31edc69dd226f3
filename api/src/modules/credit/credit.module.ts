import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { AppealsService } from './appeals.service.js';
import { CreditAccountsService } from './credit-accounts.service.js';
import { CreditTablesService } from './credit-tables.service.js';
import { CreditViewsService } from './credit-views.service.js';
import { AppealsController, CreditController, CreditTablesController } from './credit.controller.js';
import { creditProvider } from './credit.providers.js';
import { CreditRankingsService } from './rankings.service.js';

/** Seed 002: the persisted Migu credit ledger (MG-1..MG-13) and partners' appeals against their deductions. */
@Module({
  imports: [MetricsModule],
  controllers: [CreditController, CreditTablesController, AppealsController],
  providers: [
    creditProvider,
    CreditViewsService,
    CreditAccountsService,
    CreditTablesService,
    AppealsService,
    CreditRankingsService,
  ],
  exports: [creditProvider.provide],
})
export class CreditModule {}
