import { Module } from '@nestjs/common';

/** Placeholder: the persisted scorecard feature lands here. */
@Module({})
export class ScorecardsModule {}
