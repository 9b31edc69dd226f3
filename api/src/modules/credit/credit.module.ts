import { Module } from '@nestjs/common';

/** Placeholder: the persisted credit ledger feature lands here. */
@Module({})
export class CreditModule {}
