// Intake (docs/API.md "Intake"): public notices, 公示, letter verification; applicant applications; staff review.
import Taro from '@tarojs/taro';
import type { components } from '@huoban/contracts';
import { ApiError } from './api-error';
import { downloadFile, uploadImportFile, type PickedFile } from './files';
import { request } from './request';

// Wire shapes are aliases of the types generated from the api's OpenAPI document (`@huoban/contracts`), as in
// ./types.ts: a change on the server the pages do not follow fails `tsc`.
type Schemas = components['schemas'];

/** GET /public/recruitments items (FIXED CONTRACT fields and the notice). */
export type PublicRecruitment = Schemas['PublicRecruitment'];
/** GET /intake/recruitments items (staff). */
export type StaffRecruitment = Schemas['Recruitment'];
/** What the pages read of a recruitment from either list: the public fields, the staff status and revision. */
export type Recruitment = Omit<PublicRecruitment, 'status' | 'open' | 'industry' | 'region'> &
  Partial<Pick<PublicRecruitment, 'open' | 'industry' | 'region'>> &
  Pick<StaffRecruitment, 'status'> &
  Partial<Pick<StaffRecruitment, 'rev'>>;

export type Company = Schemas['Company'];
export type Check = Schemas['AutomaticCheck'];
export type EvidenceFile = Schemas['EvidenceFile'];
/** An application (lists, steps); GET /intake/applications/:id adds its files (ApplicationDetail). */
export type Application = Schemas['Application'] & Partial<Pick<Schemas['ApplicationDetail'], 'files'>>;
export type ApplicationDetail = Schemas['ApplicationDetail'];
export type PublicityNotice = Schemas['PublicityNotice'];
export type LetterCheck = Schemas['LetterCheck'];
export type Letter = Schemas['Letter'];
export type PartnerProfile = Schemas['PartnerProfile'];
export type Meeting = Schemas['Meeting'];
export type Objection = Schemas['Objection'];
export type StaffUser = Schemas['StaffUser'];
export type SealInfo = Schemas['SealInfo'];
type Token = Schemas['IntakeToken'];

// ---- public (no login)
export const listPublicRecruitments = () => request<Recruitment[]>({ path: '/public/recruitments', auth: false });
export const getPublicRecruitment = (id: string) =>
  request<Recruitment>({ path: `/public/recruitments/${encodeURIComponent(id)}`, auth: false });
export const listPublicity = () => request<PublicityNotice[]>({ path: '/public/publicity', auth: false });
export const fileObjection = (body: Schemas['ObjectionDto']) =>
  request<Schemas['ObjectionFiled']>({ path: '/public/objections', method: 'POST', body, auth: false });
export const verifyLetter = (code: string) =>
  request<LetterCheck>({ path: `/public/letters/${encodeURIComponent(code)}`, auth: false });

// ---- applicant login
export const applicantDevLogin = (name: string) =>
  request<Token>({ path: '/auth/applicant/dev-login', method: 'POST', body: { name }, auth: false });
export async function applicantWechatLogin(): Promise<Token> {
  const { code } = await Taro.login();
  return request<Token>({
    path: '/auth/applicant/wechat',
    method: 'POST',
    body: { code },
    auth: false,
  });
}

// ---- applicant
export const myApplications = () => request<Application[]>({ path: '/intake/my/applications' });
export const getApplication = (id: string) =>
  request<ApplicationDetail>({ path: `/intake/applications/${encodeURIComponent(id)}` });
export const createApplication = (recruitmentId: string, company: Schemas['CompanyDto']) =>
  request<Application>({ path: '/intake/applications', method: 'POST', body: { recruitmentId, company } });
export const saveDraft = (id: string, body: Schemas['EditApplicationDto']) =>
  request<Application>({ path: `/intake/applications/${encodeURIComponent(id)}`, method: 'PUT', body });
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

/** A multipart upload of one document (pdf/jpg/png) under `file` with `fields`: the stored record, ApiError otherwise. */
async function uploadDocument<R>(path: string, fields: Record<string, string>, picked: PickedFile): Promise<R> {
  const out = await uploadImportFile<R>(path, fields, picked);
  if (out.kind === 'rejected') throw new ApiError(422, out.message); // not an answer of these routes
  return out.record;
}

/** Evidence upload (pdf/jpg/png) as multipart `file` (+ `criterion`); 201 with the stored file. */
export const uploadEvidence = (id: string, criterion: string, picked: PickedFile) =>
  uploadDocument<EvidenceFile>(`/intake/applications/${encodeURIComponent(id)}/files`, { criterion }, picked);

// ---- partner / staff letters
export const listLetters = () => request<Letter[]>({ path: '/intake/letters' });
export const myLetters = () => request<Letter[]>({ path: '/intake/my/letters' });
/** The partner's own profile (code, programme, contract term, products, letters, documents). */
export const myProfile = () => request<PartnerProfile>({ path: '/intake/my/profile' });
export const downloadLetter = (l: Pick<Letter, 'id' | 'letterNo'>) =>
  downloadFile({
    path: `/intake/letters/${encodeURIComponent(l.id)}/pdf`,
    fallbackName: `业务拓展授权书-${l.letterNo}.pdf`,
  });

// ---- staff
export const staffRecruitments = () => request<StaffRecruitment[]>({ path: '/intake/recruitments' });
export const createRecruitment = (body: Schemas['CreateRecruitmentDto']) =>
  request<StaffRecruitment>({ path: '/intake/recruitments', method: 'POST', body });
export const recruitmentStep = (id: string, step: 'publish' | 'close' | 'archive', rev: number) =>
  request<StaffRecruitment>({
    path: `/intake/recruitments/${encodeURIComponent(id)}/${step}`,
    method: 'POST',
    body: { rev },
  });
export const queue = (stage: 'pre_review' | 'evaluation' | 'decision') =>
  request<Application[]>({ path: '/intake/applications', query: { stage } });
export const applicationsOf = (recruitmentId: string) =>
  request<Application[]>({ path: '/intake/applications', query: { recruitmentId } });
export const preReview = (id: string, rev: number, verdicts: Schemas['VerdictDto'][]) =>
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
/** FT-8: the member's conflict-of-interest declaration before the vote (a conflict needs its reason). */
export const declareConflict = (id: string, rev: number, conflict: boolean, reason?: string) =>
  request<Application>({
    path: `/intake/applications/${encodeURIComponent(id)}/declarations`,
    method: 'POST',
    body: { rev, conflict, ...(reason && { reason }) },
  });
export const vote = (id: string, rev: number, pass: boolean, comment?: string) =>
  request<Application>({
    path: `/intake/applications/${encodeURIComponent(id)}/votes`,
    method: 'POST',
    body: { rev, pass, comment },
  });
export const recordMeeting = (body: Schemas['MeetingDto']) =>
  request<Meeting>({ path: '/intake/meetings', method: 'POST', body });
export const listMeetings = () => request<Meeting[]>({ path: '/intake/meetings' });
export const publicize = (id: string, rev: number, publishedAt?: string) =>
  request<Meeting>({
    path: `/intake/meetings/${encodeURIComponent(id)}/publicize`,
    method: 'POST',
    body: { rev, ...(publishedAt && { publishedAt }) },
  });
/** FT-9: the signed minutes (会议纪要, pdf/jpg/png) of a meeting. */
export const attachMinutes = (id: string, rev: number, picked: PickedFile) =>
  uploadDocument<Meeting>(`/intake/meetings/${encodeURIComponent(id)}/minutes`, { rev: String(rev) }, picked);
export const downloadMinutes = (m: Pick<Meeting, 'id' | 'heldOn'>) =>
  downloadFile({
    path: `/intake/meetings/${encodeURIComponent(m.id)}/minutes`,
    fallbackName: `会议纪要-${m.heldOn}.pdf`,
  });
export const listObjections = (status?: 'open' | 'resolved') =>
  request<Objection[]>({ path: '/intake/objections', query: { status } });
export const resolveObjection = (id: string, rev: number, resolution: string) =>
  request<Objection>({
    path: `/intake/objections/${encodeURIComponent(id)}/resolve`,
    method: 'POST',
    body: { rev, resolution },
  });
export const sign = (id: string, body: Schemas['SignDto']) =>
  request<Schemas['SignResult']>({
    path: `/intake/applications/${encodeURIComponent(id)}/sign`,
    method: 'POST',
    body,
  });
export const issueLetter = (id: string, body: Schemas['LetterDto']) =>
  request<Letter>({ path: `/intake/applications/${encodeURIComponent(id)}/letter`, method: 'POST', body });
export const staffUsers = () => request<StaffUser[]>({ path: '/intake/staff-users' });
export const createStaffUser = (body: Schemas['CreateStaffUserDto']) =>
  request<StaffUser>({ path: '/intake/staff-users', method: 'POST', body });
/** PATCH is not in wx.request: the api takes PUT for the same change. */
export const editStaffUser = (id: string, body: Schemas['EditStaffUserDto']) =>
  request<StaffUser>({ path: `/intake/staff-users/${encodeURIComponent(id)}`, method: 'PUT', body });
export const revokeLetter = (id: string, rev: number, reason: string) =>
  request<Letter>({ path: `/intake/letters/${encodeURIComponent(id)}/revoke`, method: 'POST', body: { rev, reason } });
/** FT-11 (admins): the seal image drawn on the letters — what is set (null when none), a PNG upload, its removal. */
export const sealInfo = () =>
  request<SealInfo>({ path: '/intake/settings/seal' }).catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  });
export const putSeal = (picked: PickedFile) => uploadDocument<SealInfo>('/intake/settings/seal', {}, picked);
export const clearSeal = () => request<void>({ path: '/intake/settings/seal', method: 'DELETE' });
