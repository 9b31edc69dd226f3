import { View } from '@tarojs/components';

/** A form field's message, shown under it; nothing when there is none. Several messages are joined with ；. */
export function FieldError({ message, id }: { message?: string | string[]; id?: string }) {
  const text = Array.isArray(message) ? message.join('；') : message;
  if (!text) return null;
  return (
    <View id={id} className="field__error">
      {text}
    </View>
  );
}
