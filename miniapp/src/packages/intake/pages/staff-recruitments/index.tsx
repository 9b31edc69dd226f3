import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { ActionButton, SmallButton } from '@/components/ActionButton';
import { PickerField, TextareaField, TextField } from '@/components/Field';
import { useAction, useForm } from '@/hooks/useForm';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { createRecruitment, recruitmentStep, staffRecruitments, type Recruitment } from '@/services/intake';
import { listProgrammes } from '@/services/programmes';
import type { Programme } from '@/services/types';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { RECRUITMENT_STATUS, deadlineText, splitList } from '@/utils/intake';
import '../../../staff/staff.css';
import '../../intake.css';

const MODES = [
  { value: 'batch', label: '分批次一次性引入' },
  { value: 'monthly', label: '每月周期性引入' },
] as const;

/** The step each status allows, as a button (E2E: `#rec-publish-<id>`, `#rec-close-<id>`). */
const STEPS = [
  { from: 'draft', step: 'publish', id: 'rec-publish', tone: 'primary', label: '发布' },
  { from: 'published', step: 'close', id: 'rec-close', tone: 'default', label: '截止' },
  { from: 'closed', step: 'archive', id: '', tone: 'default', label: '归档' },
] as const;

/** Staff: create, publish (the bot posts the notice), close and archive recruitments (FT-3, FT-4, FT-6). */
export default function StaffRecruitmentsPage() {
  const [items, setItems] = useState<Recruitment[]>([]);
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const { error, setError, run } = useAction(() => load());
  const {
    values: form,
    set,
    field,
  } = useForm({ title: '', mode: 0, quota: '', closes: '', products: '和包食堂', description: '', rooms: '' }, 'rec');
  const load = () => {
    void staffRecruitments().then(setItems, (e) => setError(errorText(e)));
    void listProgrammes().then(setProgrammes, () => undefined);
  };
  const allowed = useStaffGuard(load);

  async function create() {
    setError('');
    const mode = MODES[form.mode].value;
    try {
      await createRecruitment({
        programmeId: programmes[0]?.id,
        title: form.title.trim(),
        mode,
        ...(form.quota.trim() && { quota: Number(form.quota) }),
        ...(mode === 'batch' && form.closes.trim() && { closesOn: form.closes.trim() }),
        products: splitList(form.products),
        description: form.description,
        rooms: splitList(form.rooms, /[,，]/),
      });
      set({ title: '', quota: '', closes: '', description: '' });
      load();
    } catch (e) {
      setError(errorText(e));
    }
  }
  const step = (r: Recruitment, s: 'publish' | 'close' | 'archive') => run(() => recruitmentStep(r.id, s, r.rev ?? 0));
  if (!allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={error} />
      <View className="card">
        <View className="card__title">新建招募</View>
        <TextField label="标题" {...field('title')} />
        <PickerField
          label="引入方式"
          id="rec-mode"
          range={MODES.map((m) => m.label)}
          text={MODES[form.mode].label}
          onPick={(mode) => set({ mode })}
        />
        <TextField label="招募数量（家）" type="number" {...field('quota')} />
        {form.mode === 0 && <TextField label="报名截止日（YYYY-MM-DD）" {...field('closes')} />}
        <TextField label="合作产品（逗号分隔）" {...field('products')} />
        <TextField label="推送群（逗号分隔，留空为默认值班群）" {...field('rooms')} />
        <TextareaField label="公告正文" {...field('description')} />
        <ActionButton id="rec-create" className="btn btn--primary" onClick={() => void create()}>
          保存草稿
        </ActionButton>
      </View>
      <View className="card">
        <View className="card__title">招募列表</View>
        {items.map((r) => (
          <View key={r.id} id={`rec-${r.id}`} className="intake__item">
            <View className="intake__title">{r.title}</View>
            <View className="intake__meta">
              <Text id={`rec-status-${r.id}`}>{RECRUITMENT_STATUS[r.status]}</Text> · {deadlineText(r)}
              {r.quota != null ? ` · ${r.quota} 家` : ''}
            </View>
            <View className="staff__actions">
              {STEPS.filter((x) => x.from === r.status).map((x) => (
                <SmallButton
                  key={x.step}
                  id={x.id ? `${x.id}-${r.id}` : undefined}
                  tone={x.tone}
                  mini={false}
                  onClick={() => void step(r, x.step)}
                >
                  {x.label}
                </SmallButton>
              ))}
              {r.status !== 'draft' && (
                // FT-4 / FT-9: the committee's decisions and the 公示 of this recruitment
                <SmallButton
                  id={`rec-committee-${r.id}`}
                  mini={false}
                  onClick={() => void Taro.navigateTo({ url: ROUTES.intake.staffCommittee(r.id) })}
                >
                  部务会与公示
                </SmallButton>
              )}
            </View>
          </View>
        ))}
      </View>
    </StaffPage>
  );
}
