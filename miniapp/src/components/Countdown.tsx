import { Text } from '@tarojs/components';
import { useCountdown } from '@/hooks/useCountdown';
import type { Complaint } from '@/services/types';

interface Props {
  id: string;
  complaint: Pick<Complaint, 'dueAt' | 'status' | 'slaState'>;
  offsetMs: number;
}

/** Ticks every second until the complaint is closed; a closed one shows whether it was answered in time. */
export function Countdown({ id, complaint, offsetMs }: Props) {
  const running = complaint.status !== 'closed';
  const { text, msLeft } = useCountdown(complaint.dueAt, offsetMs, running);
  if (!running) {
    return (
      <Text id={id} className="countdown countdown--done">
        {complaint.slaState === 'breached' ? '已办结（超时）' : '已办结（按时）'}
      </Text>
    );
  }
  return (
    <Text id={id} className={msLeft > 0 ? 'countdown' : 'countdown countdown--over'}>
      {text}
    </Text>
  );
}
