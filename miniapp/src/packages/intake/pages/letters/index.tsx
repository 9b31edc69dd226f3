import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { LetterActions } from '@/components/LetterActions';
import { currentUser } from '@/services/auth';
import { listLetters, myLetters, revokeLetter, type Letter } from '@/services/intake';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { LETTER_STATUS, letterValidity } from '@/utils/intake';
import '../../intake.css';

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
          {me?.role !== 'partner' && l.status !== 'revoked' && (
            <View className="staff__actions">
              <Input
                id={`letter-revoke-reason-${l.id}`}
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
