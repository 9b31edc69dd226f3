// Shapes of the api's JSON (docs/API.md). Instants are ISO 8601 UTC strings.

export type Role = 'partner' | 'staff' | 'admin';

export interface Me {
  userId: string;
  role: Role;
  name: string;
  partnerId?: string;
}

export type ComplaintKind = 'ordinary' | 'escalated';
export type ComplaintStatus = 'open' | 'replied' | 'closed';
export type SlaState = 'running' | 'awaiting_confirmation' | 'met' | 'breached';
export type ReplyVerdict = 'pending' | 'effective' | 'rejected';

export const CHANNELS = [
  'hotline_10086',
  'service_hall',
  'account_manager',
  'hebao_app',
  'wechat',
  'weibo',
  'jutousu',
  'miit',
  'consumer_association',
  'petition',
  'cmcc_hq',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Reply {
  id: string;
  text: string;
  at: string;
  by: string;
  verdict: ReplyVerdict;
  reason?: string;
}

export interface Complaint {
  id: string;
  no: string;
  programmeId: string;
  partnerId: string;
  partnerName: string;
  kind: ComplaintKind;
  channel: Channel;
  summary: string;
  receivedAt: string;
  dueAt: string;
  provisional: boolean;
  status: ComplaintStatus;
  slaState: SlaState;
  workingMsLeft: number;
  serverNow: string;
  replies: Reply[];
  effectiveReplyAt: string | null;
  breachedAt: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Partner {
  id: string;
  code: string;
  name: string;
  programmeId: string;
  status: string;
  inviteCode?: string;
}

export interface NewComplaint {
  partnerId: string;
  kind: ComplaintKind;
  channel: Channel;
  summary: string;
  receivedAt: string;
}
