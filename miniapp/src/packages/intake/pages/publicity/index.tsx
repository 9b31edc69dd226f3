import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ActionButton, SmallButton } from '@/components/ActionButton';
import { TextareaField, TextField } from '@/components/Field';
import { ErrorBanner } from '@/components/ErrorBanner';
import { fileObjection, listPublicity, type PublicityNotice } from '@/services/intake';
import { errorText } from '@/utils/errors';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

/** Public 公示 of intake results (FT-9) with the objection channel: anyone may object during the window. */
export default function PublicityPage() {
  const [items, setItems] = useState<PublicityNotice[]>([]);
  const [error, setError] = useState('');
  const [open, setOpen] = useState('');
  const [text, setText] = useState('');
  const [contact, setContact] = useState('');
  const [done, setDone] = useState('');
  useDidShow(() => void listPublicity().then(setItems, (e) => setError(errorText(e))));
  async function submit(meetingId: string) {
    setError('');
    try {
      await fileObjection({ meetingId, text: text.trim(), ...(contact.trim() && { contact: contact.trim() }) });
      setDone('异议已提交，我们将在签约前处理。');
      setOpen('');
      setText('');
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <View className="page">
      <ErrorBanner message={error} />
      {done && (
        <View id="objection-done" className="hint">
          {done}
        </View>
      )}
      {items.length === 0 && <View className="empty">暂无公示</View>}
      {items.map((n) => (
        <View key={n.meetingId} id={`publicity-${n.meetingId}`} className="card">
          <View className="intake__title">{n.recruitmentTitle}</View>
          <View className="intake__meta">
            公示期：{formatBeijing(n.publishedAt)} 至 {formatBeijing(n.endsAt)} · {n.active ? '公示中' : '已结束'}
          </View>
          {n.approved.map((a, i) => (
            <View key={a.applicationId} className="intake__body">
              {a.rank ?? i + 1}. {a.companyName}
            </View>
          ))}
          {n.active && open !== n.meetingId && (
            <SmallButton mini={false} onClick={() => setOpen(n.meetingId)}>
              提出异议
            </SmallButton>
          )}
          {open === n.meetingId && (
            <View>
              <TextareaField label="异议内容" id="objection-text" value={text} onChange={setText} />
              <TextField label="联系方式（选填）" value={contact} onChange={setContact} />
              <ActionButton id="objection-submit" className="btn btn--primary" onClick={() => void submit(n.meetingId)}>
                提交异议
              </ActionButton>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
