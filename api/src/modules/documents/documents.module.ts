import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller.js';
import { DOCUMENTS, documentsProvider } from './documents.providers.js';

/** Documents with expiry (issue #19; FT-16(b) reads them). */
@Module({ controllers: [DocumentsController], providers: [documentsProvider], exports: [DOCUMENTS] })
export class DocumentsModule {}
