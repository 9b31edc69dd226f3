import { isObjectId } from '../../db/repositories.js';
import { DomainError } from '../../errors.js';
import { conflict, invalid, refuse, requireRole, type Doc, type IntakeCaller, type IntakeContext } from '../context.js';
import {
  hardConflict,
  intakeTimeline,
  panelMayRead,
  panelOutcome,
  panelProblems,
  preReviewPassed,
  verdictProblems,
  type CriterionVerdict,
  type PanelMember,
  type Quorum,
} from '../rules.js';
import type { ApplicationRecord, ApplicationStatus, PanelRecord } from '../types.js';

export type ReviewStage = 'pre_review' | 'evaluation' | 'decision';
const QUEUES: Record<ReviewStage, { statuses: ApplicationStatus[]; due: keyof ApplicationRecord }> = {
  pre_review: { statuses: ['submitted'], due: 'preReviewDueAt' },
  evaluation: { statuses: ['pre_review_passed', 'evaluation'], due: 'evaluationDueAt' },
  decision: { statuses: ['evaluated'], due: 'decisionDueAt' },
};

/** Pre-review (FT-7) and the evaluation panel (FT-8) of submitted applications. */
export class Review {
  constructor(private readonly x: IntakeContext) {}

  /** Queues sorted by their due instant; a reviewer or committee member sees its panels' applications only. */
  async queue(stage: ReviewStage, c: IntakeCaller) {
    const { statuses, due } = QUEUES[stage];
    const apps = (await this.x.repo.applications({ status: statuses })).filter((a) => panelMayRead(a, c));
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

  /**
   * FT-8: the panel is fixed when the evaluation starts (members' teams are copied, later changes don't apply). A
   * panel left short by a declared conflict is completed again the same way (the full member list; those removed
   * may not return; the remaining members' declarations and votes stand).
   */
  async startEvaluation(id: string, rev: number, memberIds: string[], quorum: Quorum | undefined, c: IntakeCaller) {
    requireRole(c, ['reviewer', 'staff'], '组建评估小组');
    const app = await this.x.application(id, c);
    const old = app.status === 'evaluation' ? app.panel : null;
    if (old && !panelProblems(old.members, app.preReview?.reviewerId)) throw conflict('评估小组已完整，无需补充成员');
    if (app.status !== 'pre_review_passed' && !old) throw conflict('该申请不在待评估阶段');
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
    const back = members.find((m) => old?.removed?.some((r) => r.userId === m.userId));
    if (back) throw conflict(`${back.name} 已声明利益冲突，不能再加入该申请的评估小组`);
    const hard = members.find((m) => hardConflict(byId.get(m.userId)!.affiliation, app));
    if (hard)
      throw conflict(`${hard.name} 与申请企业存在利益冲突（${hardConflict(byId.get(hard.userId)!.affiliation, app)}）`);
    const q = quorum ?? old?.quorum ?? (await this.x.settings()).quorum;
    if (q.kind === 'min' && !(Number.isInteger(q.minPass) && q.minPass >= 1 && q.minPass <= members.length))
      throw invalid('quorum: minPass 须在1到成员人数之间');
    const now = this.x.now();
    const ids = new Set(memberIds);
    const panel: PanelRecord = old
      ? {
          ...old,
          members,
          quorum: q,
          votes: old.votes.filter((v) => ids.has(v.userId)),
          declarations: (old.declarations ?? []).filter((d) => ids.has(d.userId)),
        }
      : { members, quorum: q, startedAt: now, startedBy: c.actor, votes: [], outcome: 'pending', declarations: [] };
    const { outcome, status } = decide(panel, app.preReview?.reviewerId);
    const names = members.map((mm) => `${mm.name}(${mm.team})`).join('、');
    const doc = await this.x.step<ApplicationRecord>(
      old ? 'application.panel_completed' : 'application.evaluation_started',
      app,
      rev,
      c,
      {
        at: now,
        set: { status, panel: { ...panel, outcome } },
        history: [old ? 'panel_completed' : 'evaluation_started', names],
        ...(old && { before: { status: app.status, members: old.members } }),
        after: { status, members, quorum: q },
      },
    );
    if (outcome !== 'pending') await this.tellOutcome(doc, outcome);
    return doc;
  }

  /**
   * FT-8: a member's conflict-of-interest declaration, before the vote. "No conflict" is refused (409) when the
   * member's registered affiliation matches the applicant; a declared conflict (with its reason) removes the member
   * and staff complete the panel again. The same declaration repeated changes nothing.
   */
  async declare(id: string, rev: number, hasConflict: boolean, reason: string | undefined, c: IntakeCaller) {
    const app = await this.x.application(id, c);
    if (app.status !== 'evaluation' || !app.panel) throw conflict('该申请不在评估阶段');
    const panel = app.panel;
    const why = reason?.trim() ?? '';
    if (hasConflict && !why) throw invalid('reason: 请填写利益冲突的原因', ['reason']);
    const removed = panel.removed?.find((r) => r.userId === c.userId);
    if (removed && hasConflict && removed.reason === why) return app;
    const member = panel.members.find((m) => m.userId === c.userId);
    if (!member) throw DomainError.forbidden('您不是该申请评估小组成员');
    const prior = panel.declarations?.find((d) => d.userId === c.userId);
    if (prior && !prior.conflict && !hasConflict) return app;
    if (panel.votes.some((v) => v.userId === c.userId)) throw conflict('您已提交评估意见，不能再变更利益冲突声明');
    const now = this.x.now();
    if (!hasConflict) {
      await this.requireNoHardConflict(app, c);
      const declarations = [
        ...(panel.declarations ?? []),
        { userId: c.userId, name: c.name, conflict: false, at: now },
      ];
      return this.x.step<ApplicationRecord>('application.no_conflict_declared', app, rev, c, {
        at: now,
        set: { panel: { ...panel, declarations } },
        after: { userId: c.userId, conflict: false },
      });
    }
    const next: PanelRecord = {
      ...panel,
      members: panel.members.filter((m) => m.userId !== c.userId),
      declarations: (panel.declarations ?? []).filter((d) => d.userId !== c.userId),
      removed: [...(panel.removed ?? []), { ...member, reason: why, at: now }],
    };
    return this.x.step<ApplicationRecord>('application.conflict_declared', app, rev, c, {
      at: now,
      reason: why,
      set: { panel: next },
      // the visible history names the member, not the reason (that stays in the audit trail and on the panel)
      history: ['conflict_declared', member.name],
      before: { status: app.status, members: panel.members.map((m) => m.userId) },
      after: { userId: c.userId, conflict: true, removed: member, members: next.members.map((m) => m.userId) },
      notices: [
        {
          noticeId: `intake-${app.id}-conflict-${c.userId}`,
          kind: 'generic',
          audience: 'staff',
          text: [
            '【评估小组成员利益冲突】',
            `申请企业：${app.company.name}`,
            `成员：${member.name}（${member.team}）`,
            `原因：${why.slice(0, 200)}`,
            '该成员已退出评估小组，请补充成员（FT-8）。',
          ].join('\n'),
          ref: { entity: 'application', id: app.id },
          createdAt: now.toISOString(),
        },
      ],
    });
  }

  /** FT-8: 409 naming the reason when the member's registered affiliation matches the applicant (audited). */
  private async requireNoHardConflict(app: ApplicationRecord, c: IntakeCaller) {
    const u: Doc | null = isObjectId(c.userId) ? await this.x.users.findById(c.userId).lean() : null;
    const hard = hardConflict(u?.affiliation, app);
    if (!hard) return;
    await this.x.record(c, 'application.hard_conflict_found', 'application', app.id, {
      at: this.x.now(),
      reason: hard,
      after: { userId: c.userId, affiliation: u!.affiliation },
    });
    throw conflict(`您的${hard}，存在利益冲突，不能声明无利益冲突；请声明存在利益冲突，由工作人员更换评估小组成员`);
  }

  /** FT-8: a member's verdict after declaring no conflict; the quorum rule decides once it can (and the panel is
   * complete). Non-members 403, no declaration or a second vote 409. */
  async vote(id: string, rev: number, pass: boolean, comment: string | undefined, c: IntakeCaller) {
    const app = await this.x.application(id, c);
    if (app.status !== 'evaluation' || !app.panel) throw conflict('该申请不在评估阶段');
    const panel = app.panel;
    if (!panel.members.some((m) => m.userId === c.userId)) throw DomainError.forbidden('您不是该申请评估小组成员');
    if (panel.votes.some((v) => v.userId === c.userId)) throw conflict('您已提交评估意见');
    if (!panel.declarations?.some((d) => d.userId === c.userId && !d.conflict))
      throw conflict('请先声明与该申请无利益冲突，再提交评估意见');
    await this.requireNoHardConflict(app, c);
    const now = this.x.now();
    const votes = [...panel.votes, { userId: c.userId, name: c.name, pass, ...(comment && { comment }), at: now }];
    const { outcome, status } = decide({ ...panel, votes }, app.preReview?.reviewerId);
    const doc = await this.x.step<ApplicationRecord>('application.evaluation_vote', app, rev, c, {
      at: now,
      reason: comment,
      set: { status, panel: { ...panel, votes, outcome } },
      history: [pass ? 'vote_pass' : 'vote_fail', comment],
      before: { status: app.status, votes: panel.votes.length },
      after: { status, vote: { userId: c.userId, pass }, outcome },
    });
    if (outcome !== 'pending') await this.tellOutcome(doc, outcome);
    return doc;
  }

  private tellOutcome(doc: ApplicationRecord, outcome: 'passed' | 'failed') {
    return this.x.tell(
      doc,
      outcome === 'passed' ? 'evaluated' : 'evaluation_failed',
      outcome === 'passed' ? '评估通过，等待结果确认' : '评估未通过',
    );
  }
}

/** FT-8: the quorum's outcome, pending while a declared conflict has left the panel short of FT-8. */
function decide(panel: PanelRecord, preReviewerId: string | undefined) {
  const outcome = panelProblems(panel.members, preReviewerId)
    ? 'pending'
    : panelOutcome(
        panel.members.map((m) => m.userId),
        panel.votes,
        panel.quorum,
      );
  const status: ApplicationStatus =
    outcome === 'passed' ? 'evaluated' : outcome === 'failed' ? 'evaluation_failed' : 'evaluation';
  return { outcome, status };
}
