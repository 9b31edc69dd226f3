// Intake (docs/API.md "Intake"): public notices, 公示, letter verification; applicant applications; staff review.
import Taro from '@tarojs/taro';
import { ApiError, FALLBACK_MESSAGE, toApiError } from './api-error';
import { downloadFile, type PickedFile } from './files';
import { API_BASE, authHeader, request, sessionExpired } from './request';

export interface Recruitment {
  id: string;
  title: string;
  mode: 'batch' | 'monthly';
  quota: number | null;
  applicationDeadline: string | null;
  publishedAt: string | null;
  status: 'draft' | 'published' | 'closed' | 'archived';
  open?: boolean;
  closesOn: string | null;
  industry?: string | null;
  region?: string | null;
  products: string[];
  description: string;
  contact: string;
  rev?: number;
  changeLog: { at: string; changes: { field: string; from: unknown; to: unknown }[] }[];
}

export interface Company {
  name: string;
  creditCode: string;
  registeredOn: string;
  legalRep: string;
  taxpayerType: 'general' | 'small_scale';
  contacts: { name: string; phone: string; email?: string }[];
}

export interface Check {
  id: string;
  passed: boolean;
  reason: string;
}

export interface EvidenceFile {
  id: string;
  fileName: string;
  type: string;
  size: number;
  criterion: string | null;
}

export interface Application {
  id: string;
  recruitmentId: string;
  mode: 'batch' | 'monthly';
  company: Company;
  answers: { criterion: string; met: boolean; note?: string }[];
  declaration: { signedBy: string; at: string } | null;
  version: number;
  status: string;
  submittedAt: string | null;
  checks: Check[];
  rejection: string | null;
  reviewOn: string | null;
  preReviewDueAt: string | null;
  evaluationDueAt: string | null;
  decisionDueAt: string | null;
  preReview: {
    reviewerId: string;
    reviewerName: string;
    verdicts: { criterion: string; met: boolean; comment?: string }[];
    passed: boolean;
  } | null;
  panel: {
    members: { userId: string; name: string; team: string }[];
    votes: { userId: string; name: string; pass: boolean; comment?: string }[];
    outcome: string;
  } | null;
  decision: { meetingId: string; result: 'approved' | 'declined'; rank?: number; reason?: string } | null;
  partnerId: string | null;
  history: { at: string; action: string; by: string; note?: string }[];
  files?: EvidenceFile[];
  rev: number;
}

export interface PublicityNotice {
  meetingId: string;
  recruitmentTitle: string;
  heldOn: string;
  publishedAt: string;
  endsAt: string;
  active: boolean;
  approved: { applicationId: string; companyName: string; rank: number | null }[];
}

export interface LetterCheck {
  status: 'valid' | 'suspended' | 'revoked' | 'expired';
  letterNo: string;
  grantee: string;
  products: string[];
  validFrom: string;
  validTo: string;
}

export interface Letter extends LetterCheck {
  id: string;
  code: string;
  verifyUrl: string;
  partnerId: string;
  applicationId: string;
  rev: number;
}

export interface Meeting {
  id: string;
  recruitmentId: string;
  heldOn: string;
  decisions: { applicationId: string; companyName: string; result: string; rank?: number; reason?: string }[];
  status: string;
  publicity: { publishedAt: string; endsAt: string } | null;
  rev: number;
}

export interface Objection {
  id: string;
  meetingId: string;
  applicationId: string | null;
  text: string;
  contact: string;
  status: 'open' | 'resolved';
  resolution: string | null;
  rev: number;
}

export interface StaffUser {
  id: string;
  username: string;
  role: string;
  team: string | null;
  displayName: string | null;
  disabled: boolean;
}

// ---- public (no login)
export const listPublicRecruitments = () => request<Recruitment[]>({ path: '/public/recruitments', auth: false });
export const getPublicRecruitment = (id: string) =>
  request<Recruitment>({ path: `/public/recruitments/${encodeURIComponent(id)}`, auth: false });
export const listPublicity = () => request<PublicityNotice[]>({ path: '/public/publicity', auth: false });
export const fileObjection = (body: { meetingId: string; applicationId?: string; text: string; contact?: string }) =>
  request<{ id: string }>({ path: '/public/objections', method: 'POST', body, auth: false });
export const verifyLetter = (code: string) =>
  request<LetterCheck>({ path: `/public/letters/${encodeURIComponent(code)}`, auth: false });

// ---- applicant login
export const applicantDevLogin = (name: string) =>
  request<{ accessToken: string }>({ path: '/auth/applicant/dev-login', method: 'POST', body: { name }, auth: false });
export async function applicantWechatLogin(): Promise<{ accessToken: string }> {
  const { code } = await Taro.login();
  return request<{ accessToken: string }>({
    path: '/auth/applicant/wechat',
    method: 'POST',
    body: { code },
    auth: false,
  });
}

// ---- applicant
export const myApplications = () => request<Application[]>({ path: '/intake/my/applications' });
export const getApplication = (id: string) =>
  request<Application>({ path: `/intake/applications/${encodeURIComponent(id)}` });
export const createApplication = (recruitmentId: string, company: Partial<Company>) =>
  request<Application>({ path: '/intake/applications', method: 'POST', body: { recruitmentId, company } });
export const saveDraft = (
  id: string,
  body: { rev: number; company?: Partial<Company>; answers?: Application['answers']; declaration?: boolean },
) => request<Application>({ path: `/intake/applications/${encodeURIComponent(id)}`, method: 'PUT', body });
export const submitApplication = (id: string, rev: number) =>
  request<Application>({
    path: `/intake/applications/${encodeURIComponent(id)}/submit`,
    method: 'POST',
    body: { rev },
  });
export const reviseApplication = (id: string, rev: number) =>
  request<Application>({
    path: `/intake/applications/${encodeURIComponent(id)}/revise`,
    method: 'POST',
    body: { rev },
  });

/** Evidence upload (pdf/jpg/png) as multipart `file` (+ `criterion`). */
export async function uploadEvidence(id: string, criterion: string, picked: PickedFile): Promise<EvidenceFile> {
  const url = `${API_BASE}/intake/applications/${encodeURIComponent(id)}/files`;
  if (process.env.TARO_ENV === 'h5') {
    if (!picked.file) throw new ApiError(400, '请选择文件');
    const form = new FormData();
    form.append('criterion', criterion);
    form.append('file', picked.file, picked.name);
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { Accept: 'application/json', ...authHeader() }, body: form });
    } catch {
      throw new ApiError(0, FALLBACK_MESSAGE[0]);
    }
    const text = await res.text();
    const body = text ? (JSON.parse(text) as unknown) : null;
    if (res.status === 401) sessionExpired();
    if (res.status >= 300) throw toApiError(res.status, body);
    return body as EvidenceFile;
  }
  if (!picked.path) throw new ApiError(400, '请选择文件');
  let res: Taro.uploadFile.SuccessCallbackResult;
  try {
    res = await Taro.uploadFile({
      url,
      filePath: picked.path,
      name: 'file',
      formData: { criterion },
      header: authHeader(),
    });
  } catch {
    throw new ApiError(0, FALLBACK_MESSAGE[0]);
  }
  const body = res.data ? (JSON.parse(res.data) as unknown) : null;
  if (res.statusCode >= 300) throw toApiError(res.statusCode, body);
  return body as EvidenceFile;
}

// ---- partner / staff letters
export const listLetters = () => request<Letter[]>({ path: '/intake/letters' });
export const myLetters = () => request<Letter[]>({ path: '/intake/my/letters' });
export const downloadLetter = (l: Pick<Letter, 'id' | 'letterNo'>) =>
  downloadFile({
    path: `/intake/letters/${encodeURIComponent(l.id)}/pdf`,
    fallbackName: `业务拓展授权书-${l.letterNo}.pdf`,
  });

// ---- staff
export const staffRecruitments = () => request<Recruitment[]>({ path: '/intake/recruitments' });
export const createRecruitment = (body: Record<string, unknown>) =>
  request<Recruitment>({ path: '/intake/recruitments', method: 'POST', body });
export const recruitmentStep = (id: string, step: 'publish' | 'close' | 'archive', rev: number) =>
  request<Recruitment>({
    path: `/intake/recruitments/${encodeURIComponent(id)}/${step}`,
    method: 'POST',
    body: { rev },
  });
export const queue = (stage: 'pre_review' | 'evaluation' | 'decision') =>
  request<Application[]>({ path: '/intake/applications', query: { stage } });
export const applicationsOf = (recruitmentId: string) =>
  request<Application[]>({ path: '/intake/applications', query: { recruitmentId } });
export const preReview = (id: string, rev: number, verdicts: { criterion: string; met: boolean; comment?: string }[]) =>
  request<Application>({
    path: `/intake/applications/${encodeURIComponent(id)}/pre-review`,
    method: 'POST',
    body: { rev, verdicts },
  });
export const startEvaluation = (id: string, rev: number, memberIds: string[]) =>
  request<Application>({
    path: `/intake/applications/${encodeURIComponent(id)}/evaluation`,
    method: 'POST',
    body: { rev, memberIds },
  });
export const vote = (id: string, rev: number, pass: boolean, comment?: string) =>
  request<Application>({
    path: `/intake/applications/${encodeURIComponent(id)}/votes`,
    method: 'POST',
    body: { rev, pass, comment },
  });
export const recordMeeting = (body: Record<string, unknown>) =>
  request<Meeting>({ path: '/intake/meetings', method: 'POST', body });
export const listMeetings = () => request<Meeting[]>({ path: '/intake/meetings' });
export const publicize = (id: string, rev: number, publishedAt?: string) =>
  request<Meeting>({
    path: `/intake/meetings/${encodeURIComponent(id)}/publicize`,
    method: 'POST',
    body: { rev, ...(publishedAt && { publishedAt }) },
  });
export const listObjections = (status?: 'open' | 'resolved') =>
  request<Objection[]>({ path: '/intake/objections', query: { status } });
export const resolveObjection = (id: string, rev: number, resolution: string) =>
  request<Objection>({
    path: `/intake/objections/${encodeURIComponent(id)}/resolve`,
    method: 'POST',
    body: { rev, resolution },
  });
export const sign = (
  id: string,
  body: { rev: number; partnerCode: string; termStart: string; termEnd: string; products: string[] },
) =>
  request<{ partner: { id: string; code: string } }>({
    path: `/intake/applications/${encodeURIComponent(id)}/sign`,
    method: 'POST',
    body,
  });
export const issueLetter = (id: string, body: { validFrom: string; validTo: string }) =>
  request<Letter>({ path: `/intake/applications/${encodeURIComponent(id)}/letter`, method: 'POST', body });
export const staffUsers = () => request<StaffUser[]>({ path: '/intake/staff-users' });
export const createStaffUser = (body: {
  username: string;
  password: string;
  role: string;
  team?: string;
  displayName?: string;
}) => request<StaffUser>({ path: '/intake/staff-users', method: 'POST', body });
/** PATCH is not in wx.request: the api takes PUT for the same change. */
export const editStaffUser = (
  id: string,
  body: { role?: string; team?: string; disabled?: boolean; reason?: string },
) => request<StaffUser>({ path: `/intake/staff-users/${encodeURIComponent(id)}`, method: 'PUT', body });
export const revokeLetter = (id: string, rev: number, reason: string) =>
  request<Letter>({ path: `/intake/letters/${encodeURIComponent(id)}/revoke`, method: 'POST', body: { rev, reason } });
