import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Switch, Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { ActionButton } from '@/components/ActionButton';
import { TextField } from '@/components/Field';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useAction } from '@/hooks/useForm';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { currentUser } from '@/services/auth';
import {
  declareConflict,
  downloadEvidence,
  getApplication,
  issueLetter,
  preReview,
  sign,
  startEvaluation,
  staffRecruitments,
  staffUsers,
  vote,
  type Application,
  type StaffUser,
} from '@/services/intake';
import { errorText } from '@/utils/errors';
import { withoutRuleCodes } from '@/utils/messages';
import { APPLICATION_STATUS, CRITERIA, historyLine, nextDue, panelShort } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../../staff/staff.css';
import '../../intake.css';

const today = () => formatBeijing(Date.now()).slice(0, 10);
const plusYear = (d: string) => `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;

/** One application for staff: checks, answers, evidence, history, and the step its status allows. */
export default function StaffApplicationPage() {
  const { id = '' } = useRouter().params;
  const [app, setApp] = useState<Application | null>(null);
  const [users, setUsers] = useState<StaffUser[]>([]);
  const [verdicts, setVerdicts] = useState<Record<string, boolean>>({});
  /** pre-review comments per criterion, and the member's vote comment */
  const [comments, setComments] = useState<Record<string, string>>({});
  const [voteComment, setVoteComment] = useState('');
  /** FT-8: the reason of a declared conflict of interest */
  const [conflictReason, setConflictReason] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [signForm, setSignForm] = useState({ partnerCode: '', termStart: today(), termEnd: plusYear(today()) });
  /** FT-1 products of the application's recruitment (the signing's choice) and those chosen */
  const [catalogue, setCatalogue] = useState<string[]>([]);
  const [products, setProducts] = useState<string[] | null>(null);
  const { error, setError, notice, run } = useAction(() => load());
  const load = () => {
    getApplication(id)
      .then((a) => {
        setApp(a);
        staffRecruitments()
          .then((list) => setCatalogue(list.find((r) => r.id === a.recruitmentId)?.products ?? []))
          .catch(() => undefined);
      })
      .catch((e) => setError(errorText(e)));
    staffUsers()
      .then(setUsers)
      .catch(() => undefined);
  };
  const allowed = useStaffGuard(load);
  if (!allowed || !app)
    return (
      <View className="page">
        <ErrorBanner message={error} />
      </View>
    );
  const me = currentUser();
  const due = nextDue(app);
  const isMember = app.panel?.members.some((m) => m.userId === me?.userId);
  const voted = app.panel?.votes.some((v) => v.userId === me?.userId);
  const declared = app.panel?.declarations?.some((d) => d.userId === me?.userId && !d.conflict);
  const toVote = app.status === 'evaluation' && isMember && !voted;
  // FT-8: a panel left short by a declared conflict is completed again by staff
  const short = app.status === 'evaluation' && Boolean(app.panel?.removed?.length) && panelShort(app.panel!.members);
  return (
    <StaffPage>
      <ErrorBanner message={error} />
      {notice && (
        <View id="staff-app-notice" className="hint">
          {notice}
        </View>
      )}
      <View className="card">
        <View className="intake__title">{app.company.name}</View>
        <View id="staff-app-status" className="intake__status">
          {APPLICATION_STATUS[app.status] ?? app.status}
        </View>
        {due && (
          <View className="intake__meta">
            {due.label}：{formatBeijing(due.at)}
          </View>
        )}
        <View className="intake__meta">
          统一社会信用代码 {app.company.creditCode} · 成立 {app.company.registeredOn} · 法人 {app.company.legalRep}
        </View>
        {app.checks.map((c) => (
          <View key={c.id} className={c.passed ? 'intake__meta' : 'field__error'}>
            {c.passed ? '✓' : '✗'} {withoutRuleCodes(c.reason)}
          </View>
        ))}
      </View>
      <View className="card">
        <View className="card__title">资质与材料</View>
        {CRITERIA.map((c) => (
          <View key={c.id} className="intake__criterion">
            <View className="intake__body">
              {c.id}. {c.text}
            </View>
            <View className="intake__meta">
              申请人自评：{app.answers.find((a) => a.criterion === c.id)?.met ? '符合' : '不符合'}
            </View>
            {(app.files ?? [])
              .filter((f) => f.criterion === c.id)
              .map((f) => (
                <View
                  key={f.id}
                  className="intake__meta"
                  onClick={() => void downloadEvidence(app.id, f).catch((e) => setError(errorText(e)))}
                >
                  📎 {f.fileName}
                </View>
              ))}
            {app.status === 'submitted' && (
              <View>
                <View className="row">
                  <Text id={`verdict-label-${c.id}`} className="row__key">
                    预审：{verdicts[c.id] ? '符合' : '不符合'}
                  </Text>
                  <Switch
                    id={`verdict-${c.id}`}
                    nativeProps={{ 'aria-label': `预审第 ${c.id.slice(1)} 项是否符合` }}
                    checked={Boolean(verdicts[c.id])}
                    onChange={(e) => setVerdicts((v) => ({ ...v, [c.id]: e.detail.value }))}
                  />
                </View>
                <TextField
                  label="预审意见（可选）"
                  id={`verdict-comment-${c.id}`}
                  value={comments[c.id] ?? ''}
                  onChange={(v) => setComments((x) => ({ ...x, [c.id]: v }))}
                />
              </View>
            )}
          </View>
        ))}
        {app.status === 'submitted' && (
          <ActionButton
            id="pre-review-submit"
            className="btn btn--primary"
            onClick={() =>
              void run(
                () =>
                  preReview(
                    app.id,
                    app.rev,
                    CRITERIA.map((c) => ({
                      criterion: c.id,
                      met: Boolean(verdicts[c.id]),
                      ...(comments[c.id]?.trim() && { comment: comments[c.id].trim() }),
                    })),
                  ),
                '预审结果已提交',
              )
            }
          >
            提交预审结果
          </ActionButton>
        )}
      </View>
      {(app.status === 'pre_review_passed' || short) && (
        <View className="card">
          <View className="card__title">
            {short ? '补充评估小组成员（成员声明利益冲突已退出；' : '组建评估小组（'}≥3人，来自≥3个团队，不含预审人）
          </View>
          {users
            .filter((u) => !u.disabled && u.team)
            .map((u) => (
              <View key={u.id} className="row">
                <Text className="row__key">
                  {u.displayName ?? u.username}（{u.team}）
                </Text>
                <Switch
                  id={`member-${u.username}`}
                  nativeProps={{ 'aria-label': `${u.displayName ?? u.username} 加入评估小组` }}
                  checked={members.includes(u.id)}
                  onChange={(e) => setMembers((m) => (e.detail.value ? [...m, u.id] : m.filter((x) => x !== u.id)))}
                />
              </View>
            ))}
          <ActionButton
            id="panel-start"
            className="btn btn--primary"
            onClick={() => {
              // completing a short panel: the remaining members stay, those chosen join
              const ids = short ? [...new Set([...app.panel!.members.map((m) => m.userId), ...members])] : members;
              void run(() => startEvaluation(app.id, app.rev, ids), short ? '评估小组已补充' : '评估已开始');
            }}
          >
            {short ? '补充成员' : '开始评估'}
          </ActionButton>
        </View>
      )}
      {app.panel && (
        <View className="card">
          <View className="card__title">评估小组</View>
          {app.panel.members.map((m) => {
            const v = app.panel!.votes.find((x) => x.userId === m.userId);
            return (
              <View key={m.userId} className="intake__meta">
                {m.name}（{m.team}）：{v ? (v.pass ? '通过' : '不通过') : '未表决'}
                {v?.comment ? `（${v.comment}）` : ''}
              </View>
            );
          })}
          {app.panel.removed?.map((m) => (
            <View key={m.userId} className="intake__meta">
              {m.name}（{m.team}）：声明利益冲突，已退出（{m.reason}）
            </View>
          ))}
          {toVote && !declared && (
            <View id="conflict-declaration">
              <View className="hint">表决前请声明您与该申请企业是否存在利益冲突</View>
              <TextField
                label="利益冲突原因（存在时填写）"
                id="conflict-reason"
                value={conflictReason}
                onChange={setConflictReason}
              />
              <View className="staff__actions">
                <ActionButton
                  id="declare-none"
                  className="btn btn--primary btn--small"
                  onClick={() => void run(() => declareConflict(app.id, app.rev, false), '已声明无利益冲突')}
                >
                  无利益冲突
                </ActionButton>
                <ActionButton
                  id="declare-conflict"
                  className="btn btn--danger btn--small"
                  onClick={() =>
                    void run(
                      () => declareConflict(app.id, app.rev, true, conflictReason.trim()),
                      '已声明存在利益冲突，您已退出评估小组',
                    )
                  }
                >
                  存在利益冲突
                </ActionButton>
              </View>
            </View>
          )}
          {toVote && declared && (
            <TextField label="评估意见（可选）" id="vote-comment" value={voteComment} onChange={setVoteComment} />
          )}
          {toVote && declared && (
            <View className="staff__actions">
              <ActionButton
                id="vote-pass"
                className="btn btn--primary btn--small"
                onClick={() =>
                  void run(() => vote(app.id, app.rev, true, voteComment.trim() || undefined), '已提交评估意见')
                }
              >
                通过
              </ActionButton>
              <ActionButton
                id="vote-fail"
                className="btn btn--danger btn--small"
                onClick={() =>
                  void run(() => vote(app.id, app.rev, false, voteComment.trim() || undefined), '已提交评估意见')
                }
              >
                不通过
              </ActionButton>
            </View>
          )}
        </View>
      )}
      {app.status === 'approved' && (
        <View className="card">
          <View className="card__title">签约（公示结束且异议处理完毕后）</View>
          {(['partnerCode', 'termStart', 'termEnd'] as const).map((k) => (
            // labelled inputs (axe: every form element has a label)
            <TextField
              key={k}
              id={`sign-${k}`}
              label={
                { partnerCode: '伙伴编码', termStart: '合同开始（YYYY-MM-DD）', termEnd: '合同结束（YYYY-MM-DD）' }[k]
              }
              value={signForm[k]}
              onChange={(v) => setSignForm({ ...signForm, [k]: v })}
            />
          ))}
          <View className="field">
            <Text className="field__label">授权产品（可多选）</Text>
            <View className="chips">
              {catalogue.map((p) => {
                const on = (products ?? catalogue).includes(p);
                return (
                  <View
                    key={p}
                    id={`sign-product-${p}`}
                    role="checkbox"
                    aria-checked={on}
                    className={on ? 'chip chip--active' : 'chip'}
                    onClick={() =>
                      setProducts((cur) => {
                        const base = cur ?? catalogue;
                        return on ? base.filter((x) => x !== p) : [...base, p];
                      })
                    }
                  >
                    {p}
                  </View>
                );
              })}
            </View>
          </View>
          <ActionButton
            id="sign-submit"
            className="btn btn--primary"
            onClick={() => {
              const chosen = products ?? catalogue;
              if (!chosen.length) return setError('请至少选择一个授权产品');
              void run(() => sign(app.id, { rev: app.rev, ...signForm, products: chosen }), '已签约');
            }}
          >
            签约并创建伙伴
          </ActionButton>
        </View>
      )}
      {app.status === 'signed' && (
        <View className="card">
          <View className="card__title">出具业务拓展授权书</View>
          <View id="letter-validity" className="intake__body">
            有效期与合同期限一致，授权能力按合同产品填写
          </View>
          <ActionButton
            id="letter-issue"
            className="btn btn--primary"
            onClick={() => void run(() => issueLetter(app.id, {}), '授权书已出具')}
          >
            出具授权书
          </ActionButton>
        </View>
      )}
      <View className="card">
        <View className="card__title">处理记录</View>
        {app.history.map((h, i) => (
          <View key={i} className="intake__meta">
            {historyLine(h)}
          </View>
        ))}
      </View>
    </StaffPage>
  );
}
