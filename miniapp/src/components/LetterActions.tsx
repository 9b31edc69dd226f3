import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { downloadLetter, type Letter } from '@/services/intake';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';

/** FT-11: a letter's PDF download and its public verification page (`prefix` keeps the pages' element ids). */
export function LetterActions(props: { letter: Letter; prefix: string; onError: (message: string) => void }) {
  const l = props.letter;
  return (
    <View className="staff__actions">
      <ActionButton
        id={`${props.prefix}-pdf-${l.id}`}
        className="btn btn--default btn--small"
        onClick={() => void downloadLetter(l).catch((e) => props.onError(errorText(e)))}
      >
        下载 PDF
      </ActionButton>
      <ActionButton
        id={`${props.prefix}-verify-${l.id}`}
        className="btn btn--default btn--small"
        onClick={() => void Taro.navigateTo({ url: ROUTES.intake.verify(l.code) })}
      >
        核验页面
      </ActionButton>
    </View>
  );
}
