import { Text } from '@tarojs/components';
import type { Complaint } from '@/services/types';
import { label, SLA_LABEL, STATUS_LABEL } from '@/utils/labels';

/** 状态 and SLA state of a complaint as two small tags. */
export function StatusTags({ complaint, statusId }: { complaint: Complaint; statusId?: string }) {
  const slaClass = complaint.slaState === 'breached' ? 'tag tag--breached' : 'tag';
  return (
    <>
      <Text id={statusId} className={`tag tag--${complaint.status}`}>
        {label(STATUS_LABEL, complaint.status)}
      </Text>
      <Text className={slaClass}>时效：{label(SLA_LABEL, complaint.slaState)}</Text>
    </>
  );
}
