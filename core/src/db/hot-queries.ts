/**
 * Every hot query the code sends: the reads behind the main pages and every periodic run, as the repositories
 * build them (values are placeholders of the right type). Each must be served by a declared index whose prefix is
 * its equality fields (`hot-queries.test.ts` checks it against the registered schemas), and the local store's
 * explain test checks that none of them is planned as a full scan. A new hot query is added here with its index.
 */
import { Types } from 'mongoose';
import { ANY_TEXT, prefixRange } from './paging.js';
import { ANY_DATE } from './queries.js';

export interface HotQuery {
  name: string;
  collection: string;
  filter: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  limit?: number;
  /**
   * Why the local store still reads the whole collection for it (the explain test then requires that it still does,
   * so the note goes when the store learns it). On MongoDB 7 its index serves it.
   */
  knownScan?: string;
  /**
   * A countDocuments total (a list's `total`): explained as the pipeline the driver sends for it, which the local
   * store must answer with an exact SQL COUNT on an index (the explain's `countPushdown`), no document decoded.
   */
  count?: boolean;
}

const id = (n: number) => new Types.ObjectId(n.toString(16).padStart(24, '0'));
const partnerId = id(1);
const programmeId = id(2);
const from = new Date('2026-01-01T00:00:00Z');
const to = new Date('2026-07-01T00:00:00Z');
const RUNNING = { $in: ['open', 'replied'] };
const ALL_STATUSES = { $in: ['open', 'replied', 'closed'] };
const byReceived = { receivedAt: -1, _id: -1 } as const;
const recruitmentId = id(4);
const NOT_DRAFT = { $in: ['submitted', 'rejected', 'pre_review_failed', 'pre_review_passed', 'evaluation'] };
const EVERY_PARTNER = { $in: ['applicant', 'active', 'suspended', 'exiting', 'exited'] };
const EVERY_ROLE = { $in: ['staff', 'admin', 'reviewer', 'committee'] };
/** #18 one page of a console table: the first page of 20 in a stable order */
const tablePage = (
  name: string,
  collection: string,
  filter: Record<string, unknown>,
  sort?: Record<string, 1 | -1>,
): HotQuery => ({ name: `#18 ${name}`, collection, filter, ...(sort && { sort, limit: 20 }) });
/** a search reads each key's prefix range whole (at most SEARCH_CAP), merged and paged in memory */
const search = (name: string, collection: string, filter: Record<string, unknown>): HotQuery => ({
  name: `#18 ${name}`,
  collection,
  filter,
  limit: 1000,
});

export const HOT_QUERIES: HotQuery[] = [
  // ---- partner home (`GET /scorecards/me`, 我的评分)
  { name: 'partner home: partner', collection: 'partners', filter: { _id: partnerId } },
  { name: 'partner home: programme', collection: 'programmes', filter: { _id: programmeId } },
  {
    name: "partner home: the half-year's complaints",
    collection: 'complaints',
    filter: { partnerId, receivedAt: { $gte: from, $lt: to } },
    sort: { receivedAt: 1, _id: 1 },
  },
  {
    name: "partner home: the half-year's running (or closed) complaints",
    collection: 'complaints',
    filter: { partnerId, status: { $in: ['open', 'replied'] }, receivedAt: { $gte: from, $lt: to } },
    sort: { receivedAt: 1, _id: 1 },
  },
  {
    name: "partner home: the half-year's closed complaints, counted",
    collection: 'complaints',
    filter: { partnerId, status: 'closed', receivedAt: { $gte: from, $lt: to } },
    count: true,
  },
  { name: 'partner home: snapshot', collection: 'scorecard_snapshots', filter: { partnerId, period: '2026H1' } },
  { name: 'partner home: closed periods', collection: 'scorecard_snapshots', filter: { partnerId } },
  { name: 'partner home: inputs', collection: 'scorecard_inputs', filter: { partnerId, period: '2026H1' } },
  { name: 'partner home: closure', collection: 'scorecard_closures', filter: { partnerId, period: '2026H1' } },
  { name: 'partner home: rectification', collection: 'rectifications', filter: { partnerId, period: '2026H1' } },
  {
    name: 'partner home: tables in force',
    collection: 'scorecard_tables',
    filter: { programmeId },
    sort: { version: -1 },
    limit: 1,
  },
  { name: 'partner home: escalation flag', collection: 'scorecard_escalations', filter: { complaintId: 'x' } },
  { name: 'partner home: credit account', collection: 'credit_accounts', filter: { partnerId } },
  // ---- 我的投诉 and a complaint's detail
  {
    name: '我的投诉',
    collection: 'complaints',
    filter: { partnerId, receivedAt: ANY_DATE },
    sort: byReceived,
    limit: 20,
  },
  {
    name: '我的投诉 by status',
    collection: 'complaints',
    filter: { partnerId, status: 'open', receivedAt: ANY_DATE },
    sort: byReceived,
    limit: 20,
  },
  { name: 'complaint detail', collection: 'complaints', filter: { _id: id(3), partnerId } },
  { name: 'complaint detail: its breach', collection: 'sla_breaches', filter: { _id: id(3) } },
  // ---- staff complaints list with filters (page and total)
  {
    name: 'staff complaints',
    collection: 'complaints',
    filter: { receivedAt: ANY_DATE },
    sort: byReceived,
    limit: 20,
  },
  {
    name: 'staff complaints by status',
    collection: 'complaints',
    filter: { status: 'open', receivedAt: ANY_DATE },
    sort: byReceived,
    limit: 20,
  },
  {
    name: 'staff complaints by kind',
    collection: 'complaints',
    filter: { kind: 'escalated', receivedAt: ANY_DATE },
    sort: byReceived,
    limit: 20,
  },
  {
    name: 'staff complaints by status and kind',
    collection: 'complaints',
    filter: { status: 'open', kind: 'ordinary', receivedAt: ANY_DATE },
    sort: byReceived,
    limit: 20,
  },
  {
    name: 'staff complaints of a partner by status',
    collection: 'complaints',
    filter: { partnerId, status: 'open', receivedAt: ANY_DATE },
    sort: byReceived,
    limit: 20,
  },
  // the lists' totals (ComplaintRepository.list: countDocuments of the filter without the page's receivedAt)
  { name: '我的投诉 total', collection: 'complaints', filter: { partnerId }, count: true },
  { name: 'staff complaints total by status', collection: 'complaints', filter: { status: 'open' }, count: true },
  { name: 'staff complaints total by kind', collection: 'complaints', filter: { kind: 'escalated' }, count: true },
  {
    name: 'staff complaints total by status and kind',
    collection: 'complaints',
    filter: { status: 'open', kind: 'ordinary' },
    count: true,
  },
  { name: 'staff complaints total of a programme', collection: 'complaints', filter: { programmeId }, count: true },
  {
    name: 'staff complaints total of a partner by status',
    collection: 'complaints',
    filter: { partnerId, status: { $in: ['open', 'replied'] } },
    count: true,
  },
  // ---- 临期投诉 queue, 今日到期 and the SLA report
  {
    name: '临期投诉 queue',
    collection: 'complaints',
    filter: { slaSettled: false, status: RUNNING },
    sort: { receivedAt: 1, _id: 1 },
    limit: 5000,
  },
  {
    name: '临期投诉 queue of a programme',
    collection: 'complaints',
    filter: { programmeId, slaSettled: false, status: RUNNING },
    sort: { receivedAt: 1, _id: 1 },
    limit: 5000,
  },
  {
    name: '今日到期',
    collection: 'complaints',
    filter: { status: RUNNING, dueAt: { $gte: from, $lt: to } },
    sort: byReceived,
    limit: 500,
  },
  // the SLA report reads the per-partner monthly counters, plus the complaints past due whose breach is not settled yet
  {
    name: 'SLA report: counters',
    collection: 'complaint_counters',
    filter: { month: { $in: ['2026-01', '2026-02'] } },
  },
  {
    name: 'SLA report: counters of a programme',
    collection: 'complaint_counters',
    filter: { programmeId, month: { $in: ['2026-01', '2026-02'] } },
  },
  {
    name: 'SLA report: packed rollups',
    collection: 'complaint_rollups',
    filter: { month: { $in: ['2026-01', '2026-02'] } },
  },
  {
    name: 'SLA report: packed rollups of a programme',
    collection: 'complaint_rollups',
    filter: { _id: { $in: [`${programmeId}:2026-01`, `${programmeId}:2026-02`] } },
  },
  {
    name: 'SLA report: counters of a partner',
    collection: 'complaint_counters',
    filter: { _id: { $in: [`${partnerId}:2026-01`, `${partnerId}:2026-02`] } },
  },
  {
    name: 'SLA report: past due, not settled',
    collection: 'complaints',
    filter: { slaSettled: false, status: ALL_STATUSES, dueAt: { $gte: from, $lt: to } },
    sort: { receivedAt: 1, _id: 1 },
    limit: 5000,
  },
  {
    name: 'SLA report: past due, not settled, of a partner',
    collection: 'complaints',
    filter: { partnerId, slaSettled: false, status: ALL_STATUSES, dueAt: { $gte: from, $lt: to } },
    sort: { receivedAt: 1, _id: 1 },
    limit: 5000,
  },
  {
    name: 'SLA report: past due, not settled, of a programme',
    collection: 'complaints',
    filter: { programmeId, slaSettled: false, status: ALL_STATUSES, dueAt: { $gte: from, $lt: to } },
    sort: { receivedAt: 1, _id: 1 },
    limit: 5000,
  },
  // ---- audit trail, intake, exit, public pages
  {
    name: "an entity's audit trail",
    collection: 'audit_log',
    filter: { entity: 'complaint', entityId: 'x' },
    sort: { at: 1, _id: 1 },
    limit: 200,
  },
  {
    name: 'intake review queue',
    collection: 'intake_applications',
    filter: { status: { $in: ['submitted'] } },
    sort: { createdAt: 1, _id: 1 },
    limit: 2000,
  },
  {
    name: "an applicant's applications",
    collection: 'intake_applications',
    filter: { applicantId: 'x' },
    sort: { createdAt: 1, _id: 1 },
    limit: 2000,
  },
  {
    name: 'exit queue',
    collection: 'exit_cases',
    filter: { status: { $in: ['requested', 'precheck', 'approval', 'approved'] } },
    sort: { appliedAt: 1, _id: 1 },
    limit: 2000,
  },
  // the exit queue's live blockers: one `$in` read per kind for all its cases (ExitCases.blockersOf)
  {
    name: 'exit queue blockers: complaints',
    collection: 'complaints',
    filter: { partnerId: { $in: [partnerId, programmeId] }, status: RUNNING },
    sort: byReceived,
    limit: 400,
  },
  {
    name: 'exit queue blockers: credit accounts',
    collection: 'credit_accounts',
    filter: { partnerId: { $in: [partnerId, programmeId] } },
  },
  {
    name: 'exit queue blockers: open appeals',
    collection: 'credit_appeals',
    filter: { accountId: { $in: [partnerId, programmeId] }, status: 'open' },
    sort: { createdAt: -1, _id: -1 },
    limit: 1000,
  },
  {
    name: 'exit queue blockers: settlements',
    collection: 'credit_settlements',
    filter: { accountId: { $in: [partnerId, programmeId] } },
    sort: { at: 1, _id: 1 },
  },
  {
    name: 'exit queue blockers: rectifications',
    collection: 'rectifications',
    filter: { partnerId: { $in: [partnerId, programmeId] }, status: { $in: ['open', 'submitted'] } },
    sort: { openedAt: -1, _id: -1 },
    limit: 1000,
  },
  { name: "a partner's exit cases", collection: 'exit_cases', filter: { partnerId }, sort: { appliedAt: -1, _id: -1 } },
  {
    name: '退出案例 table by status, newest first (a page)',
    collection: 'exit_cases',
    filter: { status: 'terminated' },
    sort: { appliedAt: -1, _id: -1 },
    limit: 20,
  },
  {
    name: '退出案例 table by status, oldest first (a page)',
    collection: 'exit_cases',
    filter: { status: 'approval' },
    sort: { appliedAt: 1, _id: 1 },
    limit: 20,
  },
  {
    name: '退出案例 table, every case (a page)',
    collection: 'exit_cases',
    filter: {},
    sort: { appliedAt: -1, _id: -1 },
    limit: 20,
    knownScan: 'no filter: the first page needs sort + limit pushdown, which the store patch does not do yet',
  },
  // ---- #18 the console's server-side tables (core/src/db/paging.ts): filters, then the sort key's range or a search
  tablePage(
    '申请 table, newest submitted',
    'intake_applications',
    { status: NOT_DRAFT, submittedAt: ANY_DATE },
    { submittedAt: -1, _id: -1 },
  ),
  tablePage(
    '申请 table by status, last changed',
    'intake_applications',
    { status: 'evaluation', updatedAt: ANY_DATE },
    { updatedAt: 1, _id: 1 },
  ),
  tablePage(
    '申请 table of a recruitment and status',
    'intake_applications',
    { recruitmentId, status: 'submitted', submittedAt: ANY_DATE },
    { submittedAt: -1, _id: -1 },
  ),
  tablePage(
    '申请 table of a recruitment, last changed',
    'intake_applications',
    { recruitmentId, status: NOT_DRAFT, updatedAt: ANY_DATE },
    { updatedAt: -1, _id: -1 },
  ),
  search('申请 table search by company name', 'intake_applications', {
    status: NOT_DRAFT,
    companyKey: prefixRange('华'),
  }),
  search('申请 table search by credit code', 'intake_applications', {
    status: NOT_DRAFT,
    creditCode: prefixRange('9144'),
  }),
  search('申请 table of a recruitment, search by name', 'intake_applications', {
    recruitmentId,
    status: 'submitted',
    companyKey: prefixRange('华'),
  }),
  search('申请 table of a recruitment, search by code', 'intake_applications', {
    recruitmentId,
    status: NOT_DRAFT,
    creditCode: prefixRange('9144'),
  }),
  tablePage('伙伴 table by code', 'partners', { status: EVERY_PARTNER, code: ANY_TEXT }, { code: 1, _id: 1 }),
  tablePage('伙伴 table by name', 'partners', { status: 'active', name: ANY_TEXT }, { name: -1, _id: -1 }),
  tablePage(
    '伙伴 table by registration',
    'partners',
    { status: EVERY_PARTNER, createdAt: ANY_DATE },
    { createdAt: -1, _id: -1 },
  ),
  tablePage(
    '伙伴 table of a programme by code',
    'partners',
    { programmeId, status: 'active', code: ANY_TEXT },
    { code: 1, _id: 1 },
  ),
  tablePage(
    '伙伴 table of a programme by registration',
    'partners',
    { programmeId, status: EVERY_PARTNER, createdAt: ANY_DATE },
    { createdAt: 1, _id: 1 },
  ),
  search('伙伴 table search by name', 'partners', { status: EVERY_PARTNER, nameKey: prefixRange('华') }),
  search('伙伴 table search by code', 'partners', { status: EVERY_PARTNER, codeKey: prefixRange('p-0') }),
  search('伙伴 table of a programme, search by name', 'partners', {
    programmeId,
    status: 'active',
    nameKey: prefixRange('华'),
  }),
  search('伙伴 table of a programme, search by code', 'partners', {
    programmeId,
    status: EVERY_PARTNER,
    codeKey: prefixRange('p-0'),
  }),
  tablePage(
    '公示异议 table',
    'intake_objections',
    { status: { $in: ['open', 'resolved'] }, createdAt: ANY_DATE },
    { createdAt: -1, _id: -1 },
  ),
  tablePage(
    '公示异议 table by status',
    'intake_objections',
    { status: 'open', createdAt: ANY_DATE },
    { createdAt: 1, _id: 1 },
  ),
  tablePage(
    '公示异议 table of a recruitment',
    'intake_objections',
    { recruitmentId, status: { $in: ['open', 'resolved'] }, createdAt: ANY_DATE },
    { createdAt: -1, _id: -1 },
  ),
  tablePage('员工 table by username', 'users', { role: EVERY_ROLE, username: ANY_TEXT }, { username: 1, _id: 1 }),
  tablePage(
    '员工 table of a role, enabled',
    'users',
    { role: 'reviewer', disabled: false, username: ANY_TEXT },
    { username: 1, _id: 1 },
  ),
  {
    name: 'review console: staff list',
    collection: 'users',
    filter: { role: EVERY_ROLE, username: ANY_TEXT },
    sort: { username: 1, _id: 1 },
    limit: 1000,
  },
  tablePage('员工 table by creation', 'users', { role: EVERY_ROLE, createdAt: ANY_DATE }, { createdAt: -1, _id: -1 }),
  tablePage(
    '员工 table, disabled, by creation',
    'users',
    { role: EVERY_ROLE, disabled: true, createdAt: ANY_DATE },
    { createdAt: -1, _id: -1 },
  ),
  search('员工 table search by name', 'users', { role: EVERY_ROLE, nameKey: prefixRange('张') }),
  search('员工 table search by username', 'users', { role: EVERY_ROLE, usernameKey: prefixRange('rev') }),
  search('员工 table of a role, enabled, search by name', 'users', {
    role: 'staff',
    disabled: false,
    nameKey: prefixRange('张'),
  }),
  search('员工 table, enabled, search by username', 'users', {
    role: EVERY_ROLE,
    disabled: false,
    usernameKey: prefixRange('rev'),
  }),
  {
    name: 'public recruitment list',
    collection: 'intake_recruitments',
    filter: { status: { $in: ['published', 'closed'] } },
    sort: { createdAt: -1, _id: -1 },
    limit: 500,
  },
  { name: 'letter verification', collection: 'intake_letters', filter: { code: 'x' } },
  { name: 'partner sign-in by openid', collection: 'partner_identities', filter: { openId: 'x' } },
  // ---- periodic runs: each reads only what is due
  {
    name: 'sweep: claims recover()',
    collection: 'workflow_claims',
    filter: { state: 'claimed', at: { $lt: from } },
    limit: 500,
  },
  {
    name: 'sweep: outbox recovery',
    collection: 'outbox',
    filter: { pending: true, createdAt: { $lt: from } },
    sort: { createdAt: 1 },
    limit: 1000,
  },
  {
    name: 'sweep: outbox WeCom recovery',
    collection: 'outbox',
    filter: { wecomPending: true, createdAt: { $lt: from } },
    sort: { createdAt: 1 },
    limit: 1000,
  },
  { name: 'sweep: SLA sweep', collection: 'complaints', filter: { slaSettled: false }, sort: { dueAt: 1, _id: 1 } },
  {
    name: 'sweep: metrics imports still applying (uncommitted)',
    collection: 'metrics_imports',
    filter: { status: 'applying', committedAt: null },
    sort: { createdAt: -1, _id: -1 },
  },
  {
    name: 'sweep: metrics imports still applying (committed)',
    collection: 'metrics_imports',
    filter: { status: 'applying', committedAt: { $ne: null } },
    sort: { createdAt: -1, _id: -1 },
  },
  {
    name: 'sweep: intake recruitments past deadline',
    collection: 'intake_recruitments',
    filter: { status: 'published', mode: 'batch', applicationDeadline: { $lt: from } },
    limit: 200,
  },
  // the intake sweeper reads the timers due since its last run (its mark: one `{_id}` read), by each deadline
  ...(
    [
      ['preReviewDueAt', ['submitted']],
      ['evaluationDueAt', ['pre_review_passed', 'evaluation']],
      ['decisionDueAt', ['pre_review_passed', 'evaluation', 'evaluated']],
    ] as const
  ).map(([field, statuses]) => ({
    name: `sweep: intake timers due by ${field}`,
    collection: 'intake_applications',
    filter: { status: { $in: [...statuses] }, [field]: { $gte: from, $lt: to } },
    sort: { [field]: 1 as const },
    limit: 500,
  })),
  {
    name: 'sweep: intake applications changed since the last run',
    collection: 'intake_applications',
    filter: {
      status: { $in: ['submitted', 'pre_review_passed', 'evaluation', 'evaluated'] },
      updatedAt: { $gt: from },
    },
    sort: { updatedAt: 1 },
    limit: 500,
  },
  { name: 'sweep: intake sweeper mark', collection: 'intake_timer_marks', filter: { _id: 'sweep' } },
  {
    name: 'sweep: intake active applications (first run, calendar change)',
    collection: 'intake_applications',
    filter: { status: { $in: ['submitted', 'pre_review_passed', 'evaluation', 'evaluated'] } },
    sort: { createdAt: 1, _id: 1 },
    limit: 2000,
  },
  {
    name: 'sweep: exit open cases',
    collection: 'exit_cases',
    filter: { status: { $in: ['requested', 'precheck', 'approval', 'approved'] } },
    sort: { appliedAt: 1, _id: 1 },
    limit: 2000,
  },
  {
    name: 'sweep: exit alerts sent of the open cases',
    collection: 'exit_alerts',
    filter: { _id: { $in: ['a', 'b'] } },
  },
  {
    name: 'sweep: exit effects due',
    collection: 'exit_cases',
    filter: { effectsDue: true },
    sort: { appliedAt: 1, _id: 1 },
    limit: 2000,
  },
  {
    name: 'sweep: FT-15 anomaly watch (the daily counters of five weeks)',
    collection: 'complaint_counter_days',
    filter: { programmeId: { $in: [programmeId] }, month: { $in: ['2026-01', '2026-02'] } },
  },
  {
    name: 'sweep: FT-15 partners with complaints in the last 7 days',
    collection: 'partners',
    filter: { _id: { $in: [partnerId, id(5)] } },
  },
  {
    name: 'sweep: FT-16 contracts ending',
    collection: 'partner_contracts',
    filter: { endsAt: { $gte: '2026-01-01', $lte: '2026-02-01' } },
    sort: { endsAt: 1 },
  },
  {
    name: 'sweep: FT-16 reviews recorded of the contracts due',
    collection: 'renewal_reviews',
    filter: { partnerId: { $in: [partnerId, id(5)] } },
  },
  {
    name: 'sweep: MG-13 accounts behind',
    collection: 'credit_accounts',
    filter: { status: 'active', closeDue: { $lte: 24316 } },
    sort: { _id: 1 },
  },
  // ---- documents with expiry (我的证照, 证照到期, FT-16(b))
  {
    name: "documents: an owner's",
    collection: 'partner_documents',
    filter: { partnerId },
    sort: { createdAt: -1 },
    limit: 500,
  },
  {
    name: 'documents: expiring soon (staff)',
    collection: 'partner_documents',
    filter: { status: 'current', expiresOn: { $lte: '2026-02-01' } },
    sort: { status: 1, expiresOn: 1 },
    limit: 20,
  },
  {
    name: 'sweep: document expiry reminders due',
    collection: 'partner_documents',
    filter: { nextReminderAt: { $lte: from } },
    sort: { nextReminderAt: 1 },
    limit: 200,
  },
  { name: 'Sequences.next(): head', collection: 'sequence_heads', filter: { _id: 'complaint-20260101' } },
];
