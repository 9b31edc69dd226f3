import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { ApiConfig } from './config.js';
import { AuthGuard } from './common/auth.js';
import { PersonalDataInterceptor } from './common/personal-data.js';
import { ErrorFilter } from './common/errors.js';
import { InfraModule } from './common/infra.module.js';
import { AlertsModule } from './modules/alerts/alerts.module.js';
import { SubscriptionsModule } from './modules/subscriptions/subscriptions.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { TokenRevocationModule } from './modules/auth/revocations.js';
import { CalendarModule } from './modules/calendar/calendar.module.js';
import { ComplaintsModule } from './modules/complaints/complaints.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { PartnersModule } from './modules/partners/partners.module.js';
import { ProgrammesModule } from './modules/programmes/programmes.module.js';
import { ScoringModule } from './modules/scoring/scoring.module.js';
import { ScorecardsModule } from './modules/scorecards/scorecards.module.js';
import { CreditModule } from './modules/credit/credit.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { IntakeModule } from './modules/intake/intake.module.js';
import { ExitModule } from './modules/exit/exit.module.js';
import { DocumentsModule } from './modules/documents/documents.module.js';
import { OpsModule } from './modules/ops/ops.module.js';
import { SeedService } from './seed.service.js';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot(config),
        JwtModule.register({ global: true, secret: config.jwtSecret }),
        TokenRevocationModule,
        HealthModule,
        AuthModule,
        CalendarModule,
        ProgrammesModule,
        PartnersModule,
        ComplaintsModule,
        AuditModule,
        ScoringModule,
        ScorecardsModule,
        CreditModule,
        MetricsModule,
        IntakeModule,
        ExitModule,
        DocumentsModule,
        OpsModule,
        AlertsModule,
        SubscriptionsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: PersonalDataInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
        SeedService,
      ],
    };
  }
}
