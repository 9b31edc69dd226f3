import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentState } from '@huoban/core';

const STATES: DocumentState[] = ['valid', 'expiring', 'expired', 'superseded'];

export class PartnerDocument {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: String, nullable: true }) partnerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) applicantId!: string | null;
  @ApiProperty({ type: String, nullable: true }) programmeId!: string | null;
  @ApiProperty({ type: String, enum: DOCUMENT_KINDS }) kind!: DocumentKind;
  @ApiProperty({ type: String, description: '营业执照, 特殊资质/证书, …' }) kindLabel!: string;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String, nullable: true }) number!: string | null;
  @ApiProperty({ type: String, description: 'YYYY-MM-DD' }) issuedOn!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the last valid day (null: does not expire)' })
  expiresOn!: string | null;
  @ApiProperty({ type: Boolean }) hasFile!: boolean;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ type: String, enum: ['current', 'superseded'] }) status!: 'current' | 'superseded';
  @ApiProperty({ type: String, nullable: true }) supersededBy!: string | null;
  @ApiProperty({ type: String, enum: STATES, description: 'the state today (Asia/Shanghai)' }) state!: DocumentState;
  @ApiProperty({ type: String, description: '有效, 30 天后到期, 已过期，请重新上传, …' }) stateLabel!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'days until expiry (negative: expired)' })
  daysLeft!: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: String }) partnerName?: string;
}

export class DocumentList {
  @ApiProperty({ type: () => [PartnerDocument] }) items!: PartnerDocument[];
}

export class DocumentPage extends DocumentList {
  @ApiProperty({ type: Number }) total!: number;
  @ApiProperty({ type: Number }) page!: number;
  @ApiProperty({ type: Number }) pageSize!: number;
}
