import { useState } from 'react';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { ActionButton } from '../../../../components/ActionButton';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { useStaffGuard } from '../../../../hooks/useStaffGuard';
import { createRecruitment, recruitmentStep, staffRecruitments, type Recruitment } from '../../../../services/intake';
import { listProgrammes } from '../../../../services/programmes';
import type { Programme } from '../../../../services/types';
import { errorText } from '../../../../utils/errors';
import { RECRUITMENT_STATUS, deadlineText } from '../../../../utils/intake';
import '../../../staff/staff.css';
import '../../intake.css';

const MODES = [
  { value: 'batch', label: '分批次一次性引入' },
  { value: 'monthly', label: '每月周期性引入' },
] as const;

/** Staff: create, publish (the bot posts the notice), close and archive recruitments (FT-3, FT-4, FT-6). */
export default function StaffRecruitmentsPage() {
  const [items, setItems] = useState<Recruitment[]>([]);
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [error, setError] = useState('');
  const [form, setForm] = useState({
    title: '',
    mode: 0,
    quota: '',
    closesOn: '',
    products: '和包食堂',
    description: '',
    rooms: '',
  });
  const load = () => {
    staffRecruitments()
      .then(setItems)
      .catch((e) => setError(errorText(e)));
    listProgrammes()
      .then(setProgrammes)
      .catch(() => undefined);
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
        ...(mode === 'batch' && form.closesOn.trim() && { closesOn: form.closesOn.trim() }),
        products: form.products
          .split(/[,，、]/)
          .map((s) => s.trim())
          .filter(Boolean),
        description: form.description,
        rooms: form.rooms
          .split(/[,，]/)
          .map((s) => s.trim())
          .filter(Boolean),
      });
      setForm({ ...form, title: '', quota: '', closesOn: '', description: '' });
      load();
    } catch (e) {
      setError(errorText(e));
    }
  }
  async function step(r: Recruitment, s: 'publish' | 'close' | 'archive') {
    setError('');
    try {
      await recruitmentStep(r.id, s, r.rev ?? 0);
      load();
    } catch (e) {
      setError(errorText(e));
      load();
    }
  }
  if (!allowed) return <View className="page" />;
  return (
    <View className="page">
      <ErrorBanner message={error} />
      <View className="card">
        <View className="card__title">新建招募</View>
        <View className="field">
          <Text className="field__label">标题</Text>
          <Input
            id="rec-title"
            className="field__input"
            value={form.title}
            onInput={(e) => setForm({ ...form, title: e.detail.value })}
          />
        </View>
        <View className="field">
          <Text className="field__label">引入方式</Text>
          <Picker
            mode="selector"
            range={MODES.map((m) => m.label)}
            onChange={(e) => setForm({ ...form, mode: Number(e.detail.value) })}
          >
            <View id="rec-mode" className="field__input">
              {MODES[form.mode].label}
            </View>
          </Picker>
        </View>
        <View className="field">
          <Text className="field__label">招募数量（家）</Text>
          <Input
            id="rec-quota"
            className="field__input"
            type="number"
            value={form.quota}
            onInput={(e) => setForm({ ...form, quota: e.detail.value })}
          />
        </View>
        {form.mode === 0 && (
          <View className="field">
            <Text className="field__label">报名截止日（YYYY-MM-DD）</Text>
            <Input
              id="rec-closes"
              className="field__input"
              value={form.closesOn}
              onInput={(e) => setForm({ ...form, closesOn: e.detail.value })}
            />
          </View>
        )}
        <View className="field">
          <Text className="field__label">合作产品（逗号分隔）</Text>
          <Input
            id="rec-products"
            className="field__input"
            value={form.products}
            onInput={(e) => setForm({ ...form, products: e.detail.value })}
          />
        </View>
        <View className="field">
          <Text className="field__label">推送群（逗号分隔，留空为默认值班群）</Text>
          <Input
            id="rec-rooms"
            className="field__input"
            value={form.rooms}
            onInput={(e) => setForm({ ...form, rooms: e.detail.value })}
          />
        </View>
        <View className="field">
          <Text className="field__label">公告正文</Text>
          <Textarea
            id="rec-description"
            className="field__textarea"
            value={form.description}
            onInput={(e) => setForm({ ...form, description: e.detail.value })}
          />
        </View>
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
              {r.status === 'draft' && (
                <ActionButton
                  id={`rec-publish-${r.id}`}
                  className="btn btn--primary btn--small"
                  onClick={() => void step(r, 'publish')}
                >
                  发布
                </ActionButton>
              )}
              {r.status === 'published' && (
                <ActionButton
                  id={`rec-close-${r.id}`}
                  className="btn btn--default btn--small"
                  onClick={() => void step(r, 'close')}
                >
                  截止
                </ActionButton>
              )}
              {r.status === 'closed' && (
                <ActionButton className="btn btn--default btn--small" onClick={() => void step(r, 'archive')}>
                  归档
                </ActionButton>
              )}
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}
