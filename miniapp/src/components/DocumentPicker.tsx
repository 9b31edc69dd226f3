import { Text, View } from '@tarojs/components';
import { SmallButton } from '@/components/ActionButton';
import { chooseChatFile, type PickedFile } from '@/services/files';

const isH5 = process.env.TARO_ENV === 'h5';
const EXTENSIONS = { pdf: ['pdf'], jpg: ['jpg', 'jpeg'], png: ['png'] } as const;
type Kind = keyof typeof EXTENSIONS;

/**
 * Picks one document (pdf/jpg/png, or the `kinds` given): a labelled file input in H5 (`#<id>`), a chat file in
 * WeChat. `onPick` gets the file; cancelling does nothing.
 */
export function DocumentPicker({
  id,
  label,
  onPick,
  kinds = ['pdf', 'jpg', 'png'],
}: {
  id: string;
  label: string;
  onPick: (f: PickedFile) => void;
  kinds?: Kind[];
}) {
  const extensions: string[] = kinds.flatMap((k) => EXTENSIONS[k]);
  if (isH5)
    return (
      <View className="field">
        <Text className="field__label">
          {label}（{kinds.map((k) => k.toUpperCase()).join('、')}）
        </Text>
        <input
          id={id}
          aria-label={label}
          title={label}
          className="intake__file-input"
          type="file"
          accept={extensions.map((x) => `.${x}`).join(',')}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) onPick({ name: f.name, size: f.size, file: f });
            e.currentTarget.value = '';
          }}
        />
      </View>
    );
  return (
    <SmallButton id={id} mini={false} onClick={() => void chooseChatFile(extensions).then((f) => f && onPick(f))}>
      {label}
    </SmallButton>
  );
}
