import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Switch, Text, View } from '@tarojs/components';
import { FOCUSABLE } from '@/components/a11y';
import { StaffPage } from '@/components/Console';
import { ActionButton, SmallButton } from '@/components/ActionButton';
import { TextareaField, TextField } from '@/components/Field';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useAction } from '@/hooks/useForm';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { DocumentPicker } from '@/components/DocumentPicker';
import {
  applicationsOf,
  attachMinutes,
  downloadMinutes,
  listMeetings,
  publicize,
  recordMeeting,
  staffRecruitments,
  type Application,
  type Meeting,
  type Recruitment,
} from '@/services/intake';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { splitList } from '@/utils/intake';
import { beijingToIso, formatBeijing } from '@/utils/time';
import '../../../staff/staff.css';
import '../../intake.css';

const today = () => formatBeijing(Date.now()).slice(0, 10);

/** FT-4 / FT-9 部务会: decisions per evaluated application, ranking against the quota, then the 公示. */
export default function StaffCommitteePage() {
  const [recruitments, setRecruitments] = useState<Recruitment[]>([]);
  const [index, setIndex] = useState(-1);
  const [candidates, setCandidates] = useState<Application[]>([]);
  const [approve, setApprove] = useState<Record<string, boolean>>({});
  const [ranking, setRanking] = useState<string[]>([]);
  const [heldOn, setHeldOn] = useState(today);
  const [minutes, setMinutes] = useState('');
  const [attendees, setAttendees] = useState('');
  const [meetings, setMeetings] = useState<Meeting[]>([]);
  /** 公示发布日期 per recorded meeting (北京日期; default today: back-dating when the portal went up earlier) */
  const [publishedOn, setPublishedOn] = useState<Record<string, string>>({});
  const { recruitmentId = '' } = useRouter().params;
  const { error, setError, notice, run } = useAction(() => load());
  const load = () => {
    void staffRecruitments().then(
      (list) => {
        setRecruitments(list);
        // opened for one recruitment (…?recruitmentId=): its candidates at once
        const i = list.findIndex((x) => x.id === recruitmentId);
        if (i >= 0 && index < 0) void pick(i, list);
      },
      (e) => setError(errorText(e)),
    );
    void listMeetings().then(setMeetings, () => undefined);
  };
  const allowed = useStaffGuard(load);
  const r = recruitments[index];
  async function pick(i: number, list = recruitments) {
    setIndex(i);
    const apps = (await applicationsOf(list[i].id)).filter((a) => a.status === 'evaluated');
    setCandidates(apps);
    setApprove(Object.fromEntries(apps.map((a) => [a.id, true])));
    setRanking(apps.map((a) => a.id));
  }
  const chosen = ranking.filter((id) => approve[id]);
  const over = r?.quota != null && chosen.length > r.quota;
  /** FT-4: the decisions recorded, the recorded applications leave the list (the page went blank here). */
  const submit = () =>
    run(async () => {
      await recordMeeting({
        recruitmentId: r.id,
        heldOn,
        minutes,
        attendees: splitList(attendees),
        decisions: candidates.map((a) => ({ applicationId: a.id, approve: Boolean(approve[a.id]) })),
        ...(chosen.length > 0 && { ranking: chosen }),
      });
      setCandidates([]);
      setRanking([]);
      setApprove({});
      setIndex(-1);
    }, '决策已保存，可上传会议纪要并发布公示');
  const up = (id: string) =>
    setRanking((rk) => {
      const i = rk.indexOf(id);
      if (i <= 0) return rk;
      const next = [...rk];
      [next[i - 1], next[i]] = [next[i], next[i - 1]];
      return next;
    });
  if (!allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={error} />
      {notice && (
        <View id="committee-notice" className="hint">
          {notice}
        </View>
      )}
      <View className="card">
        <View className="card__title">部务会决策</View>
        <Picker
          mode="selector"
          range={recruitments.map((x) => x.title)}
          onChange={(e) => void pick(Number(e.detail.value))}
        >
          <View id="committee-recruitment" className="field__input">
            {r ? r.title : '选择招募'}
          </View>
        </Picker>
        {r && (
          <View>
            <View className="intake__meta">
              招募数量：{r.quota ?? '不限'}；拟通过 {chosen.length} 家
            </View>
            {over && (
              <View id="committee-over-quota" className="field__error">
                拟通过数超过招募数量，按排名择优，前 {r.quota} 家入选
              </View>
            )}
            {ranking.map((id, i) => {
              const a = candidates.find((x) => x.id === id);
              if (!a) return null;
              return (
                <View key={id} className="row">
                  <Text className="row__key">
                    {i + 1}. {a.company.name}
                  </Text>
                  <Switch
                    id={`committee-approve-${i}`}
                    nativeProps={{ 'aria-label': `${a.company.name} 是否通过` }}
                    checked={Boolean(approve[id])}
                    onChange={(e) => setApprove((x) => ({ ...x, [id]: e.detail.value }))}
                  />
                  <SmallButton mini={false} onClick={() => up(id)}>
                    上移
                  </SmallButton>
                </View>
              );
            })}
            <TextField label="会议日期" id="committee-date" value={heldOn} onChange={setHeldOn} />
            <TextField
              label="参会人员（逗号分隔）"
              id="committee-attendees"
              value={attendees}
              onChange={setAttendees}
            />
            <TextareaField label="会议纪要" id="committee-minutes" value={minutes} onChange={setMinutes} />
            <ActionButton id="committee-submit" className="btn btn--primary" onClick={() => void submit()}>
              保存决策
            </ActionButton>
          </View>
        )}
      </View>
      <View className="card">
        <View className="card__title">会议记录与公示</View>
        {meetings.map((m) => (
          <View key={m.id} id={`meeting-${m.id}`} className="intake__item">
            <View className="intake__meta">
              {m.heldOn} ·
              {m.status === 'publicized'
                ? `公示至 ${formatBeijing(m.publicity?.endsAt)}`
                : m.status === 'void'
                  ? '已作废'
                  : '未公示'}
            </View>
            {m.decisions.map((d) => (
              // the application itself (signing after the 公示) opens from its decision
              <View
                key={d.applicationId}
                id={`meeting-app-${d.applicationId}`}
                className="intake__body intake__link"
                role="link"
                {...FOCUSABLE}
                onClick={() => void Taro.navigateTo({ url: ROUTES.intake.staffApplication(d.applicationId) })}
              >
                {d.rank ? `${d.rank}. ` : ''}
                {d.companyName}：{d.result === 'approved' ? '通过' : '未通过'} ›
              </View>
            ))}
            {m.minutesFileId ? (
              <View
                id={`meeting-minutes-file-${m.id}`}
                className="intake__meta intake__link"
                onClick={() => void downloadMinutes(m).catch((e) => setError(errorText(e)))}
              >
                📎 会议纪要（已上传，点击下载）
              </View>
            ) : (
              m.status !== 'void' && <View className="intake__meta">会议纪要：未上传签字版</View>
            )}
            {m.status !== 'void' && (
              <DocumentPicker
                id={`meeting-minutes-${m.id}`}
                label={m.minutesFileId ? '重新上传会议纪要' : '上传会议纪要（签字版）'}
                onPick={(f) => void run(() => attachMinutes(m.id, m.rev, f), `已上传会议纪要：${f.name}`)}
              />
            )}
            {m.status === 'recorded' && (
              <View>
                <TextField
                  label="公示发布日期（YYYY-MM-DD，可早于今天）"
                  id={`meeting-published-${m.id}`}
                  value={publishedOn[m.id] ?? today()}
                  onChange={(v) => setPublishedOn((p) => ({ ...p, [m.id]: v }))}
                />
                <SmallButton
                  id={`meeting-publicize-${m.id}`}
                  tone="primary"
                  mini={false}
                  onClick={() => {
                    const on = publishedOn[m.id] ?? today();
                    const at = on === today() ? undefined : beijingToIso(on, '09:00');
                    if (at === null) return setError('公示发布日期格式应为 YYYY-MM-DD');
                    void run(() => publicize(m.id, m.rev, at), '公示已发布');
                  }}
                >
                  发布公示
                </SmallButton>
              </View>
            )}
          </View>
        ))}
      </View>
    </StaffPage>
  );
}
