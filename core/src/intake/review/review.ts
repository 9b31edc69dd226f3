import { isObjectId } from '../../db/repositories.js';
import { DomainError } from '../../errors.js';
import { conflict, invalid, refuse, requireRole, type Doc, type IntakeCaller, type IntakeContext } from '../context.js';
import {
  intakeTimeline,
  panelOutcome,
  panelProblems,
  preReviewPassed,
  verdictProblems,
  type CriterionVerdict,
  type PanelMember,
  type Quorum,
} from '../rules.js';
import type { ApplicationRecord, ApplicationStatus } from '../types.js';

export type ReviewStage = 'pre_review' | 'evaluation' | 'decision';
const QUEUES: Record<ReviewStage, { statuses: ApplicationStatus[]; due: keyof ApplicationRecord }> = {
  pre_review: { statuses: ['submitted'], due: 'preReviewDueAt' },
  evaluation: { statuses: ['pre_review_passed', 'evaluation'], due: 'evaluationDueAt' },
  decision: { statuses: ['evaluated'], due: 'decisionDueAt' },
};

/** Pre-review (FT-7) and the evaluation panel (FT-8) of submitted applications. */
export class Review {
  constructor(private readonly x: IntakeContext) {}

  /** Queues sorted by their due instant. */
  async queue(stage: ReviewStage) {
    const { statuses, due } = QUEUES[stage];
    const apps = await this.x.repo.applications({ status: statuses });
    return apps.sort((a, b) => ((a as Doc)[due]?.getTime() ?? 0) - ((b as Doc)[due]?.getTime() ?? 0));
  }

  /** FT-7: a verdict per Annex 1 criterion; pass = all met. A pass fixes the FT-8/FT-9 due dates. */
  async preReview(id: string, rev: number, verdicts: CriterionVerdict[], c: IntakeCaller) {
    requireRole(c, ['reviewer'], '预审');
    const app = await this.x.application(id, c);
    if (app.status !== 'submitted') throw conflict('该申请不在预审阶段');
    refuse(verdictProblems(verdicts));
    const now = this.x.now();
    const passed = preReviewPassed(verdicts);
    const cal = await this.x.deps.calendar.get();
    const r = await this.x.recruitment(app.recruitmentId);
    const t = intakeTimeline(
      r.mode === 'batch'
        ? { mode: 'batch', closesOn: r.closesOn!, preReviewPassedAt: now }
        : { mode: 'monthly', submittedAt: app.submittedAt!, preReviewPassedAt: now },
      cal,
    );
    const status: ApplicationStatus = passed ? 'pre_review_passed' : 'pre_review_failed';
    const doc = await this.x.step<ApplicationRecord>(
      passed ? 'application.pre_review_passed' : 'application.pre_review_failed',
      app,
      rev,
      c,
      {
        at: now,
        set: {
          status,
          preReview: { reviewerId: c.userId, reviewerName: c.name, verdicts, passed, at: now },
          ...(passed && {
            evaluationDueAt: t.evaluationDueAt,
            decisionDueAt: t.decisionDueAt,
            calendarVersion: cal.version,
            provisional: t.provisional,
          }),
        },
        history: status,
        after: { status, verdicts },
      },
    );
    const failedText = verdicts
      .filter((v) => !v.met)
      .map((v) => `${v.criterion}${v.comment ? `：${v.comment}` : ''}`)
      .join('；');
    await this.x.tell(doc, status, passed ? '预审通过，进入评估' : `预审未通过：${failedText}`);
    return doc;
  }

  /** FT-8: the panel is fixed when the evaluation starts (members' teams are copied, later changes don't apply). */
  async startEvaluation(id: string, rev: number, memberIds: string[], quorum: Quorum | undefined, c: IntakeCaller) {
    requireRole(c, ['reviewer', 'staff'], '组建评估小组');
    const app = await this.x.application(id, c);
    if (app.status !== 'pre_review_passed') throw conflict('该申请不在待评估阶段');
    const users: Doc[] = await this.x.users.find({ _id: { $in: memberIds.filter(isObjectId) } }).lean();
    const byId = new Map(users.map((u) => [String(u._id), u]));
    const missing = memberIds.filter((m) => !byId.get(m) || byId.get(m)!.disabled);
    if (missing.length) throw invalid(`memberIds: 员工不存在或已停用 ${missing.join(',')}`, ['memberIds']);
    const members: PanelMember[] = memberIds.map((m) => {
      const u = byId.get(m)!;
      return { userId: m, name: u.displayName ?? u.username, team: u.team ?? '' };
    });
    const problem = panelProblems(members, app.preReview?.reviewerId);
    if (problem) throw new DomainError(problem.code, problem.message);
    const q = quorum ?? (await this.x.settings()).quorum;
    if (q.kind === 'min' && !(Number.isInteger(q.minPass) && q.minPass >= 1 && q.minPass <= members.length))
      throw invalid('quorum: minPass 须在1到成员人数之间');
    const now = this.x.now();
    return this.x.step('application.evaluation_started', app, rev, c, {
      at: now,
      set: {
        status: 'evaluation',
        panel: { members, quorum: q, startedAt: now, startedBy: c.actor, votes: [], outcome: 'pending' },
      },
      history: ['evaluation_started', members.map((mm) => `${mm.name}(${mm.team})`).join('、')],
      after: { status: 'evaluation', members, quorum: q },
    });
  }

  /** FT-8: a member's verdict; the quorum rule decides once it can. Non-members 403, a second vote 409. */
  async vote(id: string, rev: number, pass: boolean, comment: string | undefined, c: IntakeCaller) {
    const app = await this.x.application(id, c);
    if (app.status !== 'evaluation' || !app.panel) throw conflict('该申请不在评估阶段');
    const panel = app.panel;
    if (!panel.members.some((m) => m.userId === c.userId)) throw DomainError.forbidden('您不是该申请评估小组成员');
    if (panel.votes.some((v) => v.userId === c.userId)) throw conflict('您已提交评估意见');
    const now = this.x.now();
    const votes = [...panel.votes, { userId: c.userId, name: c.name, pass, ...(comment && { comment }), at: now }];
    const outcome = panelOutcome(
      panel.members.map((m) => m.userId),
      votes,
      panel.quorum,
    );
    const status: ApplicationStatus =
      outcome === 'passed' ? 'evaluated' : outcome === 'failed' ? 'evaluation_failed' : 'evaluation';
    const doc = await this.x.step<ApplicationRecord>('application.evaluation_vote', app, rev, c, {
      at: now,
      reason: comment,
      set: { status, panel: { ...panel, votes, outcome } },
      history: [pass ? 'vote_pass' : 'vote_fail', comment],
      before: { status: app.status, votes: panel.votes.length },
      after: { status, vote: { userId: c.userId, pass }, outcome },
    });
    if (outcome !== 'pending')
      await this.x.tell(doc, status, outcome === 'passed' ? '评估通过，等待结果确认' : '评估未通过');
    return doc;
  }
}
