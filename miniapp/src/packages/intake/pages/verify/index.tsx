import { useState } from 'react';
import { useDidShow, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ErrorBanner } from '@/components/ErrorBanner';
import { verifyLetter, type LetterCheck } from '@/services/intake';
import { errorText } from '@/utils/errors';
import { LETTER_STATUS, letterCodeFrom } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

/** Public verification of a 业务拓展授权书 (FT-11): the QR code leads here; a minimal set of fields. */
export default function VerifyPage() {
  const { code = '' } = useRouter().params;
  const [letter, setLetter] = useState<LetterCheck | null>(null);
  const [error, setError] = useState('');
  useDidShow(() => {
    setError('');
    verifyLetter(letterCodeFrom(decodeURIComponent(code)))
      .then(setLetter)
      .catch((e) => setError(errorText(e)));
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
    </View>
  );
}
