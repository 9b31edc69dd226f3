import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { validationPipe } from './common/errors.js';
import type { ApiConfig } from './config.js';

/** Builds the api: `/api/v1/*` resources, `/health`, OpenAPI at `/api/docs`. */
export async function createApp(config: ApiConfig, opts: { logger?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: opts.logger === false ? false : ['log', 'warn', 'error'],
  });
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
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
  app.enableShutdownHooks();
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Huoban 伙伴 API').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, doc);
  return app;
}
