import { Inject } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { AuditRepository, Notifier, PartnerRepository, connectDocuments, type DocumentsFeature } from '@huoban/core';
import { Clock, MONGO } from '../../common/infra.module.js';

/** The documents feature, built once on the api's connection by `connectDocuments`. */
export const DOCUMENTS = Symbol('DOCUMENTS');
export const InjectDocuments = () => Inject(DOCUMENTS);
export type { DocumentsFeature };

export const documentsProvider = {
  provide: DOCUMENTS,
  useFactory: (conn: Connection, partners: PartnerRepository, audit: AuditRepository, notifier: Notifier, clock: Clock) =>
    connectDocuments(conn, { partners, audit, notifier, now: () => clock.now() }),
  inject: [MONGO, PartnerRepository, AuditRepository, Notifier, Clock],
};
