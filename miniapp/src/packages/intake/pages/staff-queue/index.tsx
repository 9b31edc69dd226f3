import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Chips } from '@/components/Chips';
import { ErrorBanner } from '@/components/ErrorBanner';
import { useCountdown } from '@/hooks/useCountdown';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { currentUser } from '@/services/auth';
import { queue, type Application } from '@/services/intake';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { APPLICATION_STATUS, myEvaluations, nextDue } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../../staff/staff.css';
import '../../intake.css';

/** `mine`: the evaluations waiting for this member's vote; `evaluation`: every application in the stage */
type Stage = 'pre_review' | 'mine' | 'evaluation';

function Due({ id, at }: { id: string; at: string }) {
  const { text, msLeft } = useCountdown(at, 0, true);
  return (
    <Text id={id} className={msLeft > 0 ? 'countdown' : 'countdown countdown--over'}>
      {text}
    </Text>
  );
}

/** FT-7 / FT-8 queues, earliest due first, with live countdowns. */
export default function StaffQueuePage() {
  const params = useRouter().params;
  const [stage, setStage] = useState<Stage>(
    params.stage === 'evaluation' || params.stage === 'mine' ? params.stage : 'pre_review',
  );
  const [items, setItems] = useState<Application[]>([]);
  const [error, setError] = useState('');
  const load = (s: Stage = stage) => {
    setError('');
    queue(s === 'mine' ? 'evaluation' : s)
      .then((list) => setItems(s === 'mine' ? myEvaluations(list, currentUser()?.userId ?? '') : list))
      .catch((e) => setError(errorText(e)));
  };
  const allowed = useStaffGuard(() => load());
  if (!allowed) return <View className="page" />;
  return (
    <View className="page">
      <Chips
        idPrefix="queue-stage"
        options={[
          { value: 'pre_review' as Stage, label: '预审队列' },
          { value: 'mine' as Stage, label: '我的评估' },
          { value: 'evaluation' as Stage, label: '全部评估' },
        ]}
        value={stage}
        onChange={(v) => {
          setStage(v);
          load(v);
        }}
      />
      <ErrorBanner message={error} />
      <View className="card">
        {items.length === 0 && <View className="empty">{stage === 'mine' ? '没有等待您表决的评估' : '队列为空'}</View>}
        {items.map((a) => {
          const due = nextDue(a);
          return (
            <View
              key={a.id}
              id={`queue-${a.id}`}
              className="intake__item"
              onClick={() => Taro.navigateTo({ url: ROUTES.intake.staffApplication(a.id) })}
            >
              <View className="intake__title">{a.company.name}</View>
              <View className="intake__meta">
                {APPLICATION_STATUS[a.status]} · {due ? `${due.label} ${formatBeijing(due.at)} · ` : ''}
                {due && <Due id={`queue-countdown-${a.id}`} at={due.at} />}
              </View>
            </View>
          );
        })}
      </View>
    </View>
  );
}
