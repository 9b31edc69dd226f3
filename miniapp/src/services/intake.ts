// Intake (docs/API.md "Intake"): public notices, 公示, letter verification; applicant applications; staff review.
import Taro from '@tarojs/taro';
import type { components, operations } from '@huoban/contracts';
import { ApiError } from './api-error';
import { downloadFile, uploadForm, type PickedFile } from './files';
import { api } from './request';

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
export const listPublicRecruitments = (): Promise<Recruitment[]> =>
  api.get('/api/v1/public/recruitments', { auth: false });
export const getPublicRecruitment = (id: string): Promise<Recruitment> =>
  api.get('/api/v1/public/recruitments/{id}', { path: { id }, auth: false });
export const listPublicity = (): Promise<PublicityNotice[]> => api.get('/api/v1/public/publicity', { auth: false });
export const fileObjection = (body: Schemas['ObjectionDto']): Promise<Schemas['ObjectionFiled']> =>
  api.post('/api/v1/public/objections', { body, auth: false });
export const verifyLetter = (code: string): Promise<LetterCheck> =>
  api.get('/api/v1/public/letters/{code}', { path: { code }, auth: false });

// ---- applicant login
export const applicantDevLogin = (name: string): Promise<Token> =>
  api.post('/api/v1/auth/applicant/dev-login', { body: { name }, auth: false });
export async function applicantWechatLogin(): Promise<Token> {
  const { code } = await Taro.login();
  return api.post('/api/v1/auth/applicant/wechat', { body: { code }, auth: false });
}

// ---- applicant
export const myApplications = (): Promise<Application[]> => api.get('/api/v1/intake/my/applications');
export const getApplication = (id: string): Promise<ApplicationDetail> =>
  api.get('/api/v1/intake/applications/{id}', { path: { id } });
export const createApplication = (recruitmentId: string, company: Schemas['CompanyDto']): Promise<Application> =>
  api.post('/api/v1/intake/applications', { body: { recruitmentId, company } });
export const saveDraft = (id: string, body: Schemas['EditApplicationDto']): Promise<Application> =>
  api.put('/api/v1/intake/applications/{id}', { path: { id }, body });
export const submitApplication = (id: string, rev: number): Promise<Application> =>
  api.post('/api/v1/intake/applications/{id}/submit', { path: { id }, body: { rev } });
export const reviseApplication = (id: string, rev: number): Promise<Application> =>
  api.post('/api/v1/intake/applications/{id}/revise', { path: { id }, body: { rev } });

/** Evidence upload (pdf/jpg/png) as multipart `file` (+ `criterion`); 201 with the stored file. */
export const uploadEvidence = (id: string, criterion: string, picked: PickedFile) =>
  uploadForm<EvidenceFile>(
    api.url('post', '/api/v1/intake/applications/{id}/files', { path: { id } }),
    { criterion },
    picked,
  );
/** Staff: one evidence file of an application, under its own name. */
export const downloadEvidence = (applicationId: string, f: Pick<EvidenceFile, 'id' | 'fileName'>) =>
  downloadFile({
    url: api.url('get', '/api/v1/intake/applications/{id}/files/{fileId}', {
      path: { id: applicationId, fileId: f.id },
    }),
    fallbackName: f.fileName,
  });

// ---- partner / staff letters
export const listLetters = (): Promise<Letter[]> => api.get('/api/v1/intake/letters');
export const myLetters = (): Promise<Letter[]> => api.get('/api/v1/intake/my/letters');
/** The partner's own profile (code, programme, contract term, products, letters, documents). */
export const myProfile = (): Promise<PartnerProfile> => api.get('/api/v1/intake/my/profile');
export const downloadLetter = (l: Pick<Letter, 'id' | 'letterNo'>) =>
  downloadFile({
    url: api.url('get', '/api/v1/intake/letters/{id}/pdf', { path: { id: l.id } }),
    fallbackName: `业务拓展授权书-${l.letterNo}.pdf`,
  });

// ---- staff
export const staffRecruitments = (): Promise<StaffRecruitment[]> => api.get('/api/v1/intake/recruitments');
export const createRecruitment = (body: Schemas['CreateRecruitmentDto']): Promise<StaffRecruitment> =>
  api.post('/api/v1/intake/recruitments', { body });
export function recruitmentStep(
  id: string,
  step: 'publish' | 'close' | 'archive',
  rev: number,
): Promise<StaffRecruitment> {
  const init = { path: { id }, body: { rev } };
  if (step === 'publish') return api.post('/api/v1/intake/recruitments/{id}/publish', init);
  if (step === 'close') return api.post('/api/v1/intake/recruitments/{id}/close', init);
  return api.post('/api/v1/intake/recruitments/{id}/archive', init);
}
export const queue = (stage: 'pre_review' | 'evaluation' | 'decision'): Promise<Application[]> =>
  api.get('/api/v1/intake/applications', { query: { stage } });
export const applicationsOf = (recruitmentId: string): Promise<Application[]> =>
  api.get('/api/v1/intake/applications', { query: { recruitmentId } });
export const preReview = (id: string, rev: number, verdicts: Schemas['VerdictDto'][]): Promise<Application> =>
  api.post('/api/v1/intake/applications/{id}/pre-review', { path: { id }, body: { rev, verdicts } });
export const startEvaluation = (id: string, rev: number, memberIds: string[]): Promise<Application> =>
  api.post('/api/v1/intake/applications/{id}/evaluation', { path: { id }, body: { rev, memberIds } });
/** FT-8: the member's conflict-of-interest declaration before the vote (a conflict needs its reason). */
export const declareConflict = (id: string, rev: number, conflict: boolean, reason?: string): Promise<Application> =>
  api.post('/api/v1/intake/applications/{id}/declarations', {
    path: { id },
    body: { rev, conflict, ...(reason && { reason }) },
  });
export const vote = (id: string, rev: number, pass: boolean, comment?: string): Promise<Application> =>
  api.post('/api/v1/intake/applications/{id}/votes', { path: { id }, body: { rev, pass, comment } });
export const recordMeeting = (body: Schemas['MeetingDto']): Promise<Meeting> =>
  api.post('/api/v1/intake/meetings', { body });
export const listMeetings = (): Promise<Meeting[]> => api.get('/api/v1/intake/meetings');
export const publicize = (id: string, rev: number, publishedAt?: string): Promise<Meeting> =>
  api.post('/api/v1/intake/meetings/{id}/publicize', {
    path: { id },
    body: { rev, ...(publishedAt && { publishedAt }) },
  });
/** FT-9: the signed minutes (会议纪要, pdf/jpg/png) of a meeting. */
export const attachMinutes = (id: string, rev: number, picked: PickedFile) =>
  uploadForm<Meeting>(
    api.url('post', '/api/v1/intake/meetings/{id}/minutes', { path: { id } }),
    { rev: String(rev) },
    picked,
  );
export const downloadMinutes = (m: Pick<Meeting, 'id' | 'heldOn'>) =>
  downloadFile({
    url: api.url('get', '/api/v1/intake/meetings/{id}/minutes', { path: { id: m.id } }),
    fallbackName: `会议纪要-${m.heldOn}.pdf`,
  });
export const listObjections = (status?: 'open' | 'resolved'): Promise<Objection[]> =>
  api.get('/api/v1/intake/objections', { query: { status } });
export const resolveObjection = (id: string, rev: number, resolution: string): Promise<Objection> =>
  api.post('/api/v1/intake/objections/{id}/resolve', { path: { id }, body: { rev, resolution } });
export const sign = (id: string, body: Schemas['SignDto']): Promise<Schemas['SignResult']> =>
  api.post('/api/v1/intake/applications/{id}/sign', { path: { id }, body });
export const issueLetter = (id: string, body: Schemas['LetterDto']): Promise<Letter> =>
  api.post('/api/v1/intake/applications/{id}/letter', { path: { id }, body });
export const staffUsers = (): Promise<StaffUser[]> => api.get('/api/v1/intake/staff-users');
export const createStaffUser = (body: Schemas['CreateStaffUserDto']): Promise<StaffUser> =>
  api.post('/api/v1/intake/staff-users', { body });
/** PATCH is not in wx.request: the api takes PUT for the same change. */
export const editStaffUser = (id: string, body: Schemas['EditStaffUserDto']): Promise<StaffUser> =>
  api.put('/api/v1/intake/staff-users/{id}', { path: { id }, body });
export const revokeLetter = (id: string, rev: number, reason: string): Promise<Letter> =>
  api.post('/api/v1/intake/letters/{id}/revoke', { path: { id }, body: { rev, reason } });
/** FT-11 (admins): the seal image drawn on the letters — what is set (null when none), a PNG upload, its removal. */
export const sealInfo = (): Promise<SealInfo | null> =>
  api.get('/api/v1/intake/settings/seal').catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  });
export const putSeal = (picked: PickedFile) =>
  uploadForm<SealInfo>(api.url('post', '/api/v1/intake/settings/seal', {}), {}, picked);
export const clearSeal = (): Promise<void> => api.delete('/api/v1/intake/settings/seal');

// #18 the console's server-side tables: filtered, searched, sorted and paged by the api
export type ApplicationTableQuery = NonNullable<operations['TablesController_applications']['parameters']['query']>;
export type ApplicationRow = Schemas['ApplicationRow'];
export const applicationTable = (query: ApplicationTableQuery): Promise<Schemas['ApplicationTable']> =>
  api.get('/api/v1/intake/tables/applications', { query });
export type ObjectionTableQuery = NonNullable<operations['TablesController_objections']['parameters']['query']>;
export type ObjectionRow = Schemas['ObjectionRow'];
export const objectionTable = (query: ObjectionTableQuery): Promise<Schemas['ObjectionTable']> =>
  api.get('/api/v1/intake/tables/objections', { query });
export type StaffUserTableQuery = NonNullable<operations['TablesController_staffUsers']['parameters']['query']>;
export type StaffUserRow = Schemas['StaffUserRow'];
export const staffUserTable = (query: StaffUserTableQuery): Promise<Schemas['StaffUserTable']> =>
  api.get('/api/v1/intake/tables/staff-users', { query });
