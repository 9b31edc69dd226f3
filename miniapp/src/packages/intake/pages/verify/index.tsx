import { useState } from 'react';
import { useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TextField } from '@/components/Field';
import { ApiError } from '@/services/api-error';
import { verifyLetter, type LetterCheck } from '@/services/intake';
import { errorText } from '@/utils/errors';
import { LETTER_STATUS, letterCodeFrom } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

/**
 * Public verification of a 业务拓展授权书 (FT-11): the QR code leads here with its code; opened without one (or to
 * check another), a box takes the code or the QR link typed or pasted. A minimal set of fields.
 */
export default function VerifyPage() {
  const { code = '' } = useRouter().params;
  const [typed, setTyped] = useState('');
  const [letter, setLetter] = useState<LetterCheck | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function check(raw: string) {
    const c = letterCodeFrom(raw);
    setLetter(null);
    setError('');
    if (!c) return setError('请输入授权书上的核验码，或粘贴二维码链接');
    setBusy(true);
    try {
      setLetter(await verifyLetter(c));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? '未找到该授权书，请核对核验码' : errorText(e));
    } finally {
      setBusy(false);
    }
  }
  useDidShow(() => {
    const c = decodeURIComponent(code);
    if (c) void check(c);
  });

  return (
    <View className="page">
      <ErrorBanner message={error} />
      {letter && (
        <View className="card intake__verify">
          <View className="intake__meta">业务拓展授权书</View>
          <View
            id="letter-status"
            className={`intake__verify-status ${letter.status === 'valid' ? 'intake__status--ok' : 'intake__status--bad'}`}
          >
            {LETTER_STATUS[letter.status] ?? letter.status}
          </View>
          <View id="letter-no" className="intake__body">
            编号：{letter.letterNo}
          </View>
          <View id="letter-grantee" className="intake__body">
            被授权方：{letter.grantee}
          </View>
          <View className="intake__body">授权产品：{letter.products.join('、')}</View>
          <View className="intake__body">
            有效期：{formatBeijing(letter.validFrom).slice(0, 10)} 至 {formatBeijing(letter.validTo).slice(0, 10)}
          </View>
        </View>
      )}
      <View className="card">
        <View className="card__title">{letter ? '核验其他授权书' : '授权书核验'}</View>
        <TextField
          label="核验码（授权书二维码下方，或粘贴二维码链接）"
          id="verify-code"
          value={typed}
          onChange={setTyped}
          placeholder="例如 AB12CD34"
          confirmType="search"
          onConfirm={() => void check(typed)}
        />
        <ActionButton id="verify-submit" className="btn btn--primary" loading={busy} onClick={() => void check(typed)}>
          核验
        </ActionButton>
      </View>
    </View>
  );
}
