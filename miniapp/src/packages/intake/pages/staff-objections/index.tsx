import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { StaffPage } from '@/components/Console';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { listMeetings, listObjections, resolveObjection, type Meeting, type Objection } from '@/services/intake';
import { objectionSubject } from '@/utils/intake';
import { errorText } from '@/utils/errors';
import '../../../staff/staff.css';
import '../../intake.css';

/** FT-9 objections to a 公示: staff resolve each with a reason before signing can proceed. */
export default function StaffObjectionsPage() {
  const [items, setItems] = useState<Objection[]>([]);
  const [meetings, setMeetings] = useState<Meeting[]>([]);
  const [text, setText] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const load = () => {
    listObjections()
      .then(setItems)
      .catch((e) => setError(errorText(e)));
    listMeetings()
      .then(setMeetings)
      .catch(() => undefined);
  };
  const allowed = useStaffGuard(load);
  if (!allowed) return <View className="page" />;
  return (
    <StaffPage>
      <ErrorBanner message={error} />
      {items.length === 0 && <View className="empty">暂无异议</View>}
      {items.map((o) => (
        <View key={o.id} id={`objection-${o.id}`} className="card">
          <View id={`objection-company-${o.id}`} className="intake__title">
            {objectionSubject(o, meetings) || '公示异议'}
          </View>
          <View className="intake__body">{o.text}</View>
          <View className="intake__meta">
            {o.contact || '匿名'} · {o.status === 'open' ? '待处理' : `已处理：${o.resolution}`}
          </View>
          {o.status === 'open' && (
            <View>
              <Input
                id={`objection-resolution-${o.id}`}
                nativeProps={{ 'aria-label': '处理意见' }}
                className="field__input"
                placeholder="处理意见"
                value={text[o.id] ?? ''}
                onInput={(e) => setText({ ...text, [o.id]: e.detail.value })}
              />
              <ActionButton
                id={`objection-resolve-${o.id}`}
                className="btn btn--primary btn--small"
                onClick={() =>
                  void resolveObjection(o.id, o.rev, (text[o.id] ?? '').trim())
                    .then(load)
                    .catch((e) => setError(errorText(e)))
                }
              >
                处理完毕
              </ActionButton>
            </View>
          )}
        </View>
      ))}
    </StaffPage>
  );
}
