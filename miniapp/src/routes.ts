import { buildQuery } from './services/api-error';

export const ROUTES = {
  login: '/pages/login/index',
  complaints: '/pages/complaints/index',
  me: '/pages/me/index',
  score: '/pages/score/index',
  register: '/packages/staff/pages/register/index',
  detail: (id: string) => `/packages/complaint/pages/detail/index?id=${encodeURIComponent(id)}`,
  /** With an entry id: the appeal form for it; without: the list of my appeals. */
  appeal: (entryId?: string) =>
    entryId
      ? `/packages/score/pages/appeal/index?entryId=${encodeURIComponent(entryId)}`
      : '/packages/score/pages/appeal/index',
  rectification: '/packages/score/pages/rectification/index',
  // staff 工作台 (guarded by role: a partner is sent back to its own complaints)
  workbench: '/packages/staff/pages/workbench/index',
  board: (period?: string) => `/packages/staff/pages/board/index${buildQuery({ period })}`,
  onboarding: (partnerId: string, period: string) =>
    `/packages/staff/pages/onboarding/index${buildQuery({ partnerId, period })}`,
  incidents: (partnerId: string, period: string) =>
    `/packages/staff/pages/incidents/index${buildQuery({ partnerId, period })}`,
  staffAppeals: '/packages/staff/pages/appeals/index',
  staffRectifications: '/packages/staff/pages/rectifications/index',
  closePeriod: '/packages/staff/pages/close/index',
  metricsImport: '/packages/staff/pages/metrics-import/index',
  exports: '/packages/staff/pages/exports/index',
  // intake (public pages need no login)
  intake: {
    recruitments: '/packages/intake/pages/recruitments/index',
    recruitment: (id: string) => `/packages/intake/pages/recruitment/index${buildQuery({ id })}`,
    publicity: '/packages/intake/pages/publicity/index',
    verify: (code: string) => `/packages/intake/pages/verify/index${buildQuery({ code })}`,
    my: '/packages/intake/pages/my/index',
    apply: (id: string) => `/packages/intake/pages/apply/index${buildQuery({ id })}`,
    letters: '/packages/intake/pages/letters/index',
    profile: '/packages/intake/pages/profile/index',
    /** 我的证照: the partner's (applicant's) licences and certificates */
    documents: '/packages/intake/pages/documents/index',
    staffRecruitments: '/packages/intake/pages/staff-recruitments/index',
    staffQueue: (stage: 'pre_review' | 'mine' | 'evaluation') =>
      `/packages/intake/pages/staff-queue/index${buildQuery({ stage })}`,
    staffApplication: (id: string) => `/packages/intake/pages/staff-application/index${buildQuery({ id })}`,
    staffCommittee: (recruitmentId?: string) =>
      `/packages/intake/pages/staff-committee/index${buildQuery({ recruitmentId })}`,
    staffObjections: '/packages/intake/pages/staff-objections/index',
    staffUsers: '/packages/intake/pages/staff-users/index',
  },
  dueQueue: '/packages/staff/pages/due/index',
  slaReport: '/packages/staff/pages/sla-report/index',
  complaintImport: '/packages/staff/pages/complaint-import/index',
  staffExits: '/packages/staff/pages/exits/index',
  /** 告警设置: a programme's alert recipients and quiet hours (admins edit) */
  alertSettings: '/packages/staff/pages/alerts/index',
  /** #18 伙伴: every partner in a server-paged table */
  staffPartners: '/packages/staff/pages/partners/index',
  /** 证照到期: documents expiring soon */
  expiringDocuments: '/packages/staff/pages/documents/index',
  /** FT-17.3: the partner's 申请退出 page (and its case afterwards) */
  exitApply: '/packages/exit/pages/apply/index',
} as const;
