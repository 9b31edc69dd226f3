import { Module } from '@nestjs/common';
import { RectificationsController } from './rectifications.js';
import { RenewalsController, RenewalsService } from './renewals.js';
import { ScorecardsController } from './scorecards.controller.js';
import { scorecardProviders } from './scorecards.providers.js';
import { PartnerWatchController, PartnerWatchService } from './watch.js';

/** The persisted semi-annual scorecard of the `scorecard` rulebook (FT-12, FT-12a, FT-14, FT-15, FT-16). */
@Module({
  controllers: [ScorecardsController, RectificationsController, PartnerWatchController, RenewalsController],
  providers: [...scorecardProviders, PartnerWatchService, RenewalsService],
  exports: scorecardProviders.map((p) => p.provide),
})
export class ScorecardsModule {}
