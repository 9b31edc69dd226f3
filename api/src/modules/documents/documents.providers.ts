import { Inject } from '@nestjs/common';
import { connectDocuments, type Core, type DocumentsFeature } from '@huoban/core';
import { CORE } from '../../common/infra.module.js';

/** The documents feature, built once on the composition root by `connectDocuments`. */
export const DOCUMENTS = Symbol('DOCUMENTS');
export const InjectDocuments = () => Inject(DOCUMENTS);
export type { DocumentsFeature };

export const documentsProvider = {
  provide: DOCUMENTS,
  useFactory: (core: Core) => connectDocuments(core),
  inject: [CORE],
};
