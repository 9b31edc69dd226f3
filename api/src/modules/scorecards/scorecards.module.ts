import { Module } from '@nestjs/common';
import { RectificationsController } from './rectifications.js';
import { RenewalsController } from './renewals.js';
import { ScorecardsController } from './scorecards.controller.js';
import { SCORECARDS, scorecardsProvider } from './scorecards.providers.js';
import { PartnerWatchController } from './watch.js';

/** The persisted semi-annual scorecard of the `scorecard` rulebook (FT-12, FT-12a, FT-14, FT-15, FT-16). */
@Module({
  controllers: [ScorecardsController, RectificationsController, PartnerWatchController, RenewalsController],
  providers: [scorecardsProvider],
  exports: [SCORECARDS],
})
export class ScorecardsModule {}
