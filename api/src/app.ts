import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { refuseForbiddenKeys, verifyJsonDepth } from './common/body.js';
import { validationPipe } from './common/errors.js';
import { assertRolesDeclared } from './common/routes.js';
import type { ApiConfig } from './config.js';
import { API_PREFIX, describeApi } from './contract.js';
import { installOps } from './ops.js';

/** Builds the api: `/api/v1/*` resources, `/health`, OpenAPI at `/api/docs`. */
export async function createApp(config: ApiConfig, opts: { logger?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: opts.logger === false ? false : ['log', 'warn', 'error'],
  });
  assertRolesDeclared(app); // deny by default: every route declares @Public() or its roles
  installOps(app, config, opts); // request ids, JSON request logs, latency metrics, Bull Board (api/src/ops.ts)
  // express's own JSON parser: Nest's useBodyParser does not take `verify` (the depth check before parsing)
  app.use(json({ limit: config.bodyLimit, verify: verifyJsonDepth }));
  app.use(refuseForbiddenKeys);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(validationPipe);
  app.enableCors({
    origin: config.corsOrigins,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'x-service-key', 'Idempotency-Key'],
    // the H5 app reads a download's file name (Excel exports, the import template)
    exposedHeaders: ['Content-Disposition'],
    maxAge: 600,
  });
  app.disable('x-powered-by');
  if (config.trustProxy)
    app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  // security headers; api answers are JSON or attachments, so their CSP allows nothing. The docs page has its own.
  const apiHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'cross-origin' }, // the H5 app on another origin reads the api (CORS decides)
  });
  const docsHeaders = helmet({ crossOriginResourcePolicy: { policy: 'cross-origin' } });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/api/docs') ? docsHeaders : apiHeaders)(req, res, next),
  );
  app.enableShutdownHooks();
  SwaggerModule.setup('api/docs', app, describeApi(app));
  return app;
}
