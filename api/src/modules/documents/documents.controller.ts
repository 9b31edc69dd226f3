import { Body, Controller, Get, Header, Param, Post, Query, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ownerScope, type DocumentInput, type DocumentsService } from '@huoban/core';
import { CurrentUser, Roles, actorOf, type AuthUser } from '../../common/auth.js';
import { ApiResult } from '../../common/openapi.js';
import { ApiBinary, EVIDENCE_TYPES } from '../intake/intake.responses.js';
import { FileUpload, attachmentOf, type Upload } from '../intake/routes.js';
import { ExpiringDocumentsQuery } from './documents.dto.js';
import { InjectDocuments, type DocumentsFeature } from './documents.providers.js';
import { DocumentList, DocumentPage, PartnerDocument } from './documents.responses.js';

const text = { type: 'string' };

/**
 * Documents with expiry (issue #19): partners and applicants keep their licences and certificates, staff see what
 * expires soon; FT-16(b) reads them. The use-cases live in core (DocumentsService).
 */
@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  private readonly documents: DocumentsService;
  constructor(@InjectDocuments() feature: DocumentsFeature) {
    this.documents = feature.service;
  }

  @Roles('partner', 'applicant')
  @Get('documents/mine')
  @ApiResult(DocumentList)
  mine(@CurrentUser() u: AuthUser) {
    return this.documents.mine(ownerScope(u));
  }

  @Roles('partner', 'applicant', 'staff')
  @Post('documents')
  @ApiOperation({
    summary: 'File a document (pdf/jpg/png, optional) with its dates; `replaces` supersedes an older one',
  })
  @FileUpload(
    { partnerId: text, kind: text, title: text, number: text, issuedOn: text, expiresOn: text, replaces: text },
    ['kind', 'title', 'issuedOn'],
    12 * 1024 * 1024,
  )
  @ApiResult(PartnerDocument, { status: 201 })
  upload(@Body() body: Record<string, unknown>, @UploadedFile() file: Upload | undefined, @CurrentUser() u: AuthUser) {
    const str = (k: string) => (typeof body?.[k] === 'string' ? (body[k] as string) : undefined);
    const input: DocumentInput = {
      partnerId: str('partnerId'),
      kind: str('kind') ?? '',
      title: str('title') ?? '',
      number: str('number'),
      issuedOn: str('issuedOn') ?? '',
      expiresOn: str('expiresOn') || null,
      replaces: str('replaces') || undefined,
    };
    const f = file && { name: Buffer.from(file.originalname, 'latin1').toString('utf8'), bytes: file.buffer };
    return this.documents.upload(input, f, ownerScope(u), actorOf(u));
  }

  @Roles('staff')
  @Get('documents/expiring')
  @ApiOperation({ summary: 'Current documents expiring within N days (expired included), soonest first' })
  @ApiResult(DocumentPage)
  expiring(@Query() q: ExpiringDocumentsQuery, @CurrentUser() u: AuthUser) {
    return this.documents.expiring(q, ownerScope(u));
  }

  @Roles('staff')
  @Get('partners/:partnerId/documents')
  @ApiResult(DocumentList)
  ofPartner(@Param('partnerId') partnerId: string, @CurrentUser() u: AuthUser) {
    return this.documents.ofPartner(partnerId, ownerScope(u));
  }

  @Roles('partner', 'applicant', 'staff')
  @Get('documents/:id')
  @ApiResult(PartnerDocument)
  get(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    return this.documents.get(id, ownerScope(u));
  }

  @Roles('partner', 'applicant', 'staff')
  @Get('documents/:id/file')
  @ApiBinary(EVIDENCE_TYPES, 'the document file (attachment)')
  @Header('X-Content-Type-Options', 'nosniff')
  async file(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    return attachmentOf(await this.documents.file(id, ownerScope(u)));
  }
}
