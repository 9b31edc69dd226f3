import { Module } from '@nestjs/common';
import { AppealsController, CreditController, CreditTablesController } from './credit.controller.js';
import { creditProvider } from './credit.providers.js';

/**
 * Seed 002: the persisted Migu credit ledger (MG-1..MG-13) and partners' appeals against their deductions. The
 * use-cases live in core/src/credit (`connectCredit`); the controllers only read the caller and call them.
 */
@Module({
  controllers: [CreditController, CreditTablesController, AppealsController],
  providers: [creditProvider],
  exports: [creditProvider.provide],
})
export class CreditModule {}
