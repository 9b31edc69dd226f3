import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { NavButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { LetterActions } from '@/components/LetterActions';
import { currentUser } from '@/services/auth';
import { myProfile, type PartnerProfile } from '@/services/intake';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import { LETTER_STATUS, letterValidity, profileRows } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

/** The partner's own profile: code, programme, contract term, products, its letters and intake documents. */
export default function ProfilePage() {
  const [profile, setProfile] = useState<PartnerProfile | null>(null);
  const [error, setError] = useState('');
  useDidShow(() => {
    if (currentUser()?.role !== 'partner') {
      void Taro.reLaunch({ url: ROUTES.login });
      return;
    }
    myProfile()
      .then(setProfile)
      .catch((e) => setError(errorText(e)));
  });
  return (
    <View className="page">
      <ErrorBanner message={error} />
      {profile && (
        <>
          <View className="card">
            <View id="profile-name" className="intake__title">
              {profile.name}
            </View>
            {profileRows(profile).map(([k, v], i) => (
              <View key={k} className="row">
                <Text className="row__key">{k}</Text>
                <Text id={`profile-row-${i}`} className="row__value">
                  {v}
                </Text>
              </View>
            ))}
          </View>
          <View className="card">
            <View className="card__title">业务拓展授权书</View>
            {profile.letters.length === 0 && <View className="empty">暂无授权书</View>}
            {profile.letters.map((l) => (
              <View key={l.id} id={`profile-letter-${l.id}`} className="intake__body">
                <View>
                  {l.letterNo}（{LETTER_STATUS[l.status] ?? l.status}）
                </View>
                <View>有效期：{letterValidity(l)}</View>
                <LetterActions letter={l} prefix="profile-letter" onError={setError} />
              </View>
            ))}
          </View>
          <View className="card">
            <View className="card__title">证照</View>
            <View className="intake__meta">营业执照、特殊资质等证照及有效期；到期前 30、7、0 天会提醒您</View>
            <NavButton id="profile-documents" tone="default" url={ROUTES.intake.documents}>
              我的证照
            </NavButton>
          </View>
          {profile.documents.length > 0 && (
            <View className="card">
              <View className="card__title">申请材料</View>
              {profile.documents.map((d, i) => (
                <View key={i} className="intake__body">
                  {d.fileName}（{formatBeijing(d.uploadedAt).slice(0, 10)}）
                </View>
              ))}
            </View>
          )}
        </>
      )}
    </View>
  );
}
