import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UploadedFile } from '@nestjs/common';
import { DomainError, SEAL_MAX_BYTES } from '@huoban/core';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles, type AuthUser } from '../../common/auth.js';
import { ApiNoContent, ApiResult, ErrorDto } from '../../common/openapi.js';
import { LetterDto, RevokeDto, SignDto } from './intake.dto.js';
import { ApiBinary, Letter, LetterCheck, PartnerProfile, SealInfo, SignResult } from './intake.responses.js';
import { PublishedAs } from './operation-ids.js';
import { FileUpload, IntakeRoutes, attachmentOf, uploaded, type Upload } from './routes.js';

/** The seal image's record: one per installation (the `intake_settings` document `seal`). */
const SEAL_ID = 'seal';

/** Signing (FT-10) and authorization letters (FT-11): issue, the partner's own, PDF, revocation, public check. */
@ApiTags('intake-letters')
@ApiBearerAuth()
@PublishedAs('IntakeStaffController', {
  verify: 'PublicIntakeController_letter',
  sign: 'IntakeController_sign',
  issueLetter: 'IntakeController_issueLetter',
  myLetters: 'IntakeController_myLetters',
})
@Controller()
export class LettersController extends IntakeRoutes {
  @Public()
  @Get('public/letters/:code')
  @ApiOperation({ summary: 'FT-11: verify an authorization letter (valid / suspended / revoked / expired)' })
  @ApiResponse({ status: 404, description: 'Not Found: unknown verification code', type: ErrorDto })
  @ApiResult(LetterCheck)
  verify(@Param('code') code: string) {
    return this.intake.letters.verify(code);
  }

  @Roles('staff')
  @Post('intake/applications/:id/sign')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-10: contract record + partner (after the 公示, every objection resolved)' })
  @ApiResult(SignResult)
  async sign(@Param('id') id: string, @Body() dto: SignDto, @CurrentUser() u: AuthUser) {
    const { rev, ...input } = dto;
    return this.intake.signing.sign(id, rev, input, await this.api.caller(u));
  }

  @Roles('staff')
  @Post('intake/applications/:id/letter')
  @ApiOperation({ summary: 'FT-11: issue the 业务拓展授权书' })
  @ApiResult(Letter, { status: 201 })
  async issueLetter(@Param('id') id: string, @Body() dto: LetterDto, @CurrentUser() u: AuthUser) {
    const letters = this.intake.letters;
    return letters.withStatus(await letters.issue(id, dto, await this.api.caller(u)));
  }

  @Roles('partner')
  @Get('intake/my/letters')
  @ApiOperation({ summary: "FT-11: the partner's own authorization letters with their status" })
  @ApiResult(Letter, { isArray: true })
  async myLetters(@CurrentUser() u: AuthUser) {
    return this.intake.letters.list(await this.api.caller(u));
  }

  @Roles('partner')
  @Get('intake/my/profile')
  @ApiOperation({ summary: "The partner's own profile: code, programme, contract term, products, letters, documents" })
  @ApiResult(PartnerProfile)
  async myProfile(@CurrentUser() u: AuthUser) {
    return this.intake.profiles.mine(await this.api.caller(u));
  }

  @Roles('staff', 'partner')
  @Get('intake/letters')
  @ApiResult(Letter, { isArray: true })
  async letters(@CurrentUser() u: AuthUser) {
    return this.intake.letters.list(await this.api.caller(u));
  }

  @Roles('staff', 'partner')
  @Get('intake/letters/:id')
  @ApiResult(Letter)
  async letter(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    return this.intake.letters.get(id, await this.api.caller(u));
  }

  @Roles('staff', 'partner')
  @Get('intake/letters/:id/pdf')
  @ApiOperation({ summary: 'FT-11: the letter as PDF (staff or its own partner)' })
  @ApiBinary(['application/pdf'], 'the authorization letter PDF (attachment)')
  async pdf(@Param('id') id: string, @CurrentUser() u: AuthUser) {
    const { letterNo, pdf } = await this.intake.letters.pdf(id, await this.api.caller(u));
    return attachmentOf({ mime: 'application/pdf', fileName: `业务拓展授权书-${letterNo}.pdf`, bytes: pdf });
  }

  @Roles('staff')
  @Post('intake/letters/:id/revoke')
  @HttpCode(200)
  @ApiResult(Letter)
  async revoke(@Param('id') id: string, @Body() dto: RevokeDto, @CurrentUser() u: AuthUser) {
    return this.intake.letters.revoke(id, dto.rev, dto.reason, await this.api.caller(u));
  }

  @Roles('admin')
  @Get('intake/settings/seal')
  @ApiOperation({ summary: 'FT-11: the seal image set (its size, digest and time; 404 when none is set)' })
  @ApiResponse({ status: 404, description: 'Not Found: no seal image is set', type: ErrorDto })
  @ApiResult(SealInfo)
  async sealInfo() {
    const seal = await this.intake.seal.info();
    if (!seal) throw DomainError.notFound('尚未设置印章图片');
    return { id: SEAL_ID, ...seal };
  }

  @Roles('admin')
  @Post('intake/settings/seal')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-11: set the seal image, as PUT (the mini-program uploads by POST only)' })
  @FileUpload({}, ['file'], SEAL_MAX_BYTES)
  @ApiResult(SealInfo)
  postSeal(@UploadedFile() file: Upload | undefined, @CurrentUser() u: AuthUser) {
    return this.putSeal(file, u);
  }

  @Roles('admin')
  @Put('intake/settings/seal')
  @ApiOperation({ summary: 'FT-11: set the seal image drawn on the letter PDFs (PNG only, at most 512 KB; audited)' })
  @FileUpload({}, ['file'], SEAL_MAX_BYTES)
  @ApiResult(SealInfo)
  async putSeal(@UploadedFile() file: Upload | undefined, @CurrentUser() u: AuthUser) {
    return { id: SEAL_ID, ...(await this.intake.seal.put(uploaded(file).bytes, await this.api.caller(u))) };
  }

  @Roles('admin')
  @Delete('intake/settings/seal')
  @ApiOperation({ summary: 'FT-11: remove the seal image (the letter keeps its empty seal box; audited)' })
  @ApiNoContent()
  async clearSeal(@CurrentUser() u: AuthUser) {
    await this.intake.seal.clear(await this.api.caller(u));
  }
}
