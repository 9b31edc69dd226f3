/**
 * The one HTTP contract: the OpenAPI document built from the controllers and their DTOs. The api serves it at
 * `/api/docs`; `npm run contract` writes it to `contracts/openapi.json` and generates the clients' types
 * (`contracts/src/api.ts`, used by the mini-program and the bot), and `npm test` fails when they drift.
 */
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { ErrorDto, documentApi } from './common/openapi.js';
import { apiConfig } from './config.js';

export const API_PREFIX = 'api/v1';

export function describeApi(app: INestApplication): OpenAPIObject {
  return documentApi(
    app,
    SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Huoban 伙伴 API').setVersion('1').build(), {
      extraModels: [ErrorDto],
    }),
  );
}

/** The document without a running api: Nest's preview mode wires no provider, so nothing connects anywhere. */
export async function contractDocument(): Promise<OpenAPIObject> {
  const config = apiConfig({
    HUOBAN_JWT_SECRET: 'contract-generation-only',
    HUOBAN_MONGO_URL: 'mongodb://127.0.0.1:1/none',
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  const doc = describeApi(app);
  await app.close();
  return doc;
}
