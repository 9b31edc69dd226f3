import { Inject } from '@nestjs/common';
import { connectScorecards, type Core, type ScorecardFeature } from '@huoban/core';
import { CORE } from '../../common/infra.module.js';

/** The scorecard feature (repositories and use-cases), built once on the api's composition root by `connectScorecards`. */
export const SCORECARDS = Symbol('SCORECARDS');
export const InjectScorecards = () => Inject(SCORECARDS);
export type { ScorecardFeature };

export const scorecardsProvider = {
  provide: SCORECARDS,
  useFactory: (core: Core) => connectScorecards(core),
  inject: [CORE],
};
