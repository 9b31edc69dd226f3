import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { checkText } from '@/utils/staff';
import { TextArea } from './Field';
import { FieldError } from './FieldError';

/** The text of a decision's reason (处理意见, 审核意见, 删除原因…): `check()` gives it trimmed, or shows why not. */
export function useReason(name: string, maxLength = 1000) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  return {
    text,
    setText,
    error,
    maxLength,
    /** The trimmed reason, or null after showing its message (empty, too long). */
    check(): string | null {
      const problem = checkText(text, name, maxLength);
      setError(problem);
      return problem ? null : text.trim();
    },
  };
}

/** A staff card's reason box (`staff__reason`) with its message, and the decision buttons under it. */
export function ReasonBox({
  id,
  placeholder,
  reason,
  children,
}: {
  id: string;
  placeholder: string;
  reason: ReturnType<typeof useReason>;
  children?: ReactNode;
}) {
  return (
    <View>
      <TextArea
        id={id}
        className="staff__reason"
        value={reason.text}
        maxlength={reason.maxLength}
        placeholder={placeholder}
        onChange={reason.setText}
      />
      <FieldError message={reason.error} />
      {children && <View className="staff__actions">{children}</View>}
    </View>
  );
}
