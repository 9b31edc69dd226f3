import { Text, View } from '@tarojs/components';
import { SmallButton } from '@/components/ActionButton';
import { chooseChatFile, type PickedFile } from '@/services/files';

const isH5 = process.env.TARO_ENV === 'h5';

/**
 * Picks one document (pdf/jpg/png): a labelled file input in H5 (`#<id>`), a chat file in WeChat. `onPick` gets
 * the file; cancelling does nothing.
 */
export function DocumentPicker({ id, label, onPick }: { id: string; label: string; onPick: (f: PickedFile) => void }) {
  if (isH5)
    return (
      <View className="field">
        <Text className="field__label">{label}（PDF、JPG、PNG）</Text>
        <input
          id={id}
          aria-label={label}
          title={label}
          className="intake__file-input"
          type="file"
          accept=".pdf,.jpg,.jpeg,.png"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) onPick({ name: f.name, size: f.size, file: f });
            e.currentTarget.value = '';
          }}
        />
      </View>
    );
  return (
    <SmallButton
      id={id}
      mini={false}
      onClick={() => void chooseChatFile(['pdf', 'jpg', 'jpeg', 'png']).then((f) => f && onPick(f))}
    >
      {label}
    </SmallButton>
  );
}
