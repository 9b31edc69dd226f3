import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Injectable,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  PartnerRepository,
  RectificationService,
  ProgrammeRepository,
  isValidDateString,
  type PartnerContractRecord,
  type RenewalReviewRecord,
} from '@huoban/core';
import { AuditTrail } from '../../common/audit.service.js';
import { CurrentUser, Roles, actorOf, callerOf, type AuthUser } from '../../common/auth.js';
import { ContractDto, ListRenewalsQuery, RenewalDecisionDto } from './scorecards.dto.js';
import { InjectScorecardRepos, type ScorecardRepositories } from './scorecards.providers.js';
import { ApiResult } from '../../common/openapi.js';
import { Contract, Renewal, RenewalList } from './scorecards.responses.js';

const contractFields = (c: PartnerContractRecord) => ({
  signedAt: c.signedAt,
  endsAt: c.endsAt,
  certificatesValidUntil: c.certificatesValidUntil,
  meetsQualification: c.meetsQualification,
});

/**
 * FT-16: partner contracts (dates kept here until partners carry them) and the renewal reviews the worker
 * records one month before a contract ends; staff decide renew or end.
 */
@Injectable()
export class RenewalsService {
  constructor(
    @InjectScorecardRepos() private readonly repos: ScorecardRepositories,
    private readonly partners: PartnerRepository,
    private readonly programmes: ProgrammeRepository,
    private readonly audit: AuditTrail,
  ) {}

  async contract(partnerId: string) {
    const partner = await this.partners.get(partnerId);
    if (!partner) throw new NotFoundException('伙伴不存在');
    const c = await this.repos.contracts.get(partner.id);
    if (!c) throw new NotFoundException('该伙伴尚未登记合同');
    return c;
  }

  /** Replaces the contract record (absent certificatesValidUntil = no special certificates; meetsQualification defaults to true). */
  async putContract(partnerId: string, dto: ContractDto, user: AuthUser) {
    const partner = await this.partners.get(partnerId);
    if (!partner) throw new NotFoundException('伙伴不存在');
    if ((await this.programmes.get(partner.programmeId))?.rulebook !== 'scorecard')
      throw new ConflictException('该伙伴所属计划不使用半年度考核（scorecard）规则');
    const certificatesValidUntil = dto.certificatesValidUntil ?? null;
    const errors = [
      ...(['signedAt', 'endsAt'] as const)
        .filter((k) => !isValidDateString(dto[k]))
        .map((k) => `${k} must be a real calendar date`),
      ...(certificatesValidUntil !== null && !isValidDateString(certificatesValidUntil)
        ? ['certificatesValidUntil must be a real calendar date']
        : []),
    ];
    if (!errors.length && dto.endsAt < dto.signedAt) errors.push('endsAt must not be before signedAt');
    if (errors.length) throw new BadRequestException(errors);
    const before = await this.repos.contracts.get(partner.id);
    const after = await this.repos.contracts.put({
      partnerId: partner.id,
      signedAt: dto.signedAt,
      endsAt: dto.endsAt,
      certificatesValidUntil,
      meetsQualification: dto.meetsQualification ?? true,
      actor: actorOf(user),
    });
    await this.audit.record(user, 'partner.contract_updated', 'partner', partner.id, {
      before: before ? contractFields(before) : null,
      after: contractFields(after),
    });
    return after;
  }

  async list(q: ListRenewalsQuery) {
    return { items: await this.views(await this.repos.renewals.list({ partnerId: q.partnerId, status: q.status })) };
  }

  async get(id: string) {
    const r = await this.repos.renewals.get(id);
    if (!r) throw new NotFoundException('续约评审不存在');
    return (await this.views([r]))[0];
  }

  private async views(items: RenewalReviewRecord[]) {
    const names = await this.partners.names(items.map((r) => r.partnerId));
    return items.map((r) => ({ ...r, partnerName: names.get(r.partnerId) ?? '' }));
  }
}

@ApiTags('renewals')
@ApiBearerAuth()
@Roles('staff')
@Controller()
export class RenewalsController {
  constructor(
    private readonly service: RenewalsService,
    private readonly rectifications: RectificationService,
  ) {}

  @ApiResult(Contract)
  @Get('scorecards/contracts/:partnerId')
  contract(@Param('partnerId') partnerId: string) {
    return this.service.contract(partnerId);
  }

  @ApiResult(Contract)
  @Put('scorecards/contracts/:partnerId')
  @ApiOperation({ summary: 'FT-16: the partner’s contract dates (YYYY-MM-DD, Asia/Shanghai; endsAt is the last day)' })
  putContract(@Param('partnerId') partnerId: string, @Body() dto: ContractDto, @CurrentUser() user: AuthUser) {
    return this.service.putContract(partnerId, dto, user);
  }

  @ApiResult(RenewalList)
  @Get('renewals')
  list(@Query() q: ListRenewalsQuery) {
    return this.service.list(q);
  }

  @ApiResult(Renewal)
  @Get('renewals/:id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @ApiResult(Renewal)
  @Post('renewals/:id/decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'FT-16: staff decide renew or end, with a reason' })
  decide(@Param('id') id: string, @Body() dto: RenewalDecisionDto, @CurrentUser() user: AuthUser) {
    return this.rectifications.decideRenewal(id, dto, callerOf(user));
  }
}
