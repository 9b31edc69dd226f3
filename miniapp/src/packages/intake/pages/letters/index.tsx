import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { ActionButton, SmallButton } from '@/components/ActionButton';
import { DocumentPicker } from '@/components/DocumentPicker';
import { ErrorBanner } from '@/components/ErrorBanner';
import { LetterActions } from '@/components/LetterActions';
import { currentUser } from '@/services/auth';
import { useAction } from '@/hooks/useForm';
import {
  clearSeal,
  listLetters,
  myLetters,
  putSeal,
  revokeLetter,
  sealInfo,
  type Letter,
  type SealInfo,
} from '@/services/intake';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { LETTER_STATUS, letterValidity } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

/** FT-11 (admins): the optional seal image drawn in the letters' （盖章） box — what is set, a PNG upload, removal. */
function SealSettings() {
  const [seal, setSeal] = useState<SealInfo | null>(null);
  const load = () => void sealInfo().then(setSeal, () => undefined);
  const { error, notice, run } = useAction(load);
  useEffect(load, []);
  return (
    <View id="seal-card" className="card">
      <View className="card__title">授权书印章</View>
      <ErrorBanner message={error} />
      {notice && (
        <View id="seal-notice" className="hint">
          {notice}
        </View>
      )}
      <View id="seal-status" className="intake__body">
        {seal
          ? `已设置印章图片（${Math.ceil(seal.bytes / 1024)} KB，${formatBeijing(seal.setAt)} 上传），出具的授权书盖章处将显示该图片`
          : '未设置印章图片：授权书盖章处留空，线下加盖'}
      </View>
      <DocumentPicker
        id="seal-file"
        label={seal ? '更换印章图片（不超过 512 KB）' : '上传印章图片（不超过 512 KB）'}
        kinds={['png']}
        onPick={(f) => void run(() => putSeal(f), '印章图片已保存')}
      />
      {seal && (
        <SmallButton id="seal-clear" tone="danger" mini={false} onClick={() => void run(clearSeal, '印章图片已移除')}>
          移除印章图片
        </SmallButton>
      )}
    </View>
  );
}

/** FT-11 authorization letters: a partner sees its own, staff all; status, PDF, verification page. */
export default function LettersPage() {
  const [items, setItems] = useState<Letter[]>([]);
  const [error, setError] = useState('');
  const me = currentUser();
  const load = () => {
    if (!me) {
      void Taro.reLaunch({ url: ROUTES.login });
      return;
    }
    (me.role === 'partner' ? myLetters() : listLetters()).then(setItems).catch((e) => setError(errorText(e)));
  };
  useDidShow(load);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  async function revoke(l: Letter) {
    try {
      await revokeLetter(l.id, l.rev, (reasons[l.id] ?? '').trim());
    } catch (e) {
      setError(errorText(e));
    }
    load();
  }
  return (
    <View className="page">
      <ErrorBanner message={error} />
      {me?.role === 'admin' && <SealSettings />}
      {items.length === 0 && <View className="empty">暂无授权书</View>}
      {items.map((l) => (
        <View key={l.id} id={`letter-${l.id}`} className="card">
          <View className="intake__title">业务拓展授权书 {l.letterNo}</View>
          <View
            id={`letter-status-${l.id}`}
            className={
              l.status === 'valid' ? 'intake__status intake__status--ok' : 'intake__status intake__status--bad'
            }
          >
            {LETTER_STATUS[l.status] ?? l.status}
          </View>
          <View className="intake__body">被授权方：{l.grantee}</View>
          <View className="intake__body">授权产品：{l.products.join('、')}</View>
          <View className="intake__body">有效期：{letterValidity(l)}</View>
          <View id={`letter-code-${l.id}`} className="intake__body">
            核验码：{l.code}（客户可在核验页面输入或扫描授权书二维码）
          </View>
          {me?.role !== 'partner' && l.status !== 'revoked' && (
            <View className="staff__actions">
              <Input
                id={`letter-revoke-reason-${l.id}`}
                nativeProps={{ 'aria-label': `撤销授权书 ${l.letterNo} 的原因` }}
                className="field__input"
                placeholder="撤销原因"
                value={reasons[l.id] ?? ''}
                onInput={(e) => setReasons({ ...reasons, [l.id]: e.detail.value })}
              />
              <ActionButton
                id={`letter-revoke-${l.id}`}
                className="btn btn--danger btn--small"
                onClick={() => void revoke(l)}
              >
                撤销
              </ActionButton>
            </View>
          )}
          <LetterActions letter={l} prefix="letter" onError={setError} />
        </View>
      ))}
    </View>
  );
}
