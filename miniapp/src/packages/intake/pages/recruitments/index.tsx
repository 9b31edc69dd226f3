import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { listPublicRecruitments, type Recruitment } from '../../../../services/intake';
import { ROUTES } from '../../../../routes';
import { errorText } from '../../../../utils/errors';
import { RECRUITMENT_STATUS, deadlineText } from '../../../../utils/intake';
import '../../intake.css';

/** Public 招募公告 list (FT-6): no login; share the link. */
export default function RecruitmentsPage() {
  const [items, setItems] = useState<Recruitment[] | null>(null);
  const [error, setError] = useState('');
  useDidShow(() => {
    listPublicRecruitments()
      .then(setItems)
      .catch((e) => setError(errorText(e)));
  });
  return (
    <View className="page">
      <ErrorBanner message={error} />
      <View className="card">
        <View className="card__title">招募公告</View>
        {items && items.length === 0 && <View className="empty">暂无招募公告</View>}
        {items?.map((r) => (
          <View
            key={r.id}
            id={`recruitment-${r.id}`}
            className="intake__item"
            onClick={() => Taro.navigateTo({ url: ROUTES.intake.recruitment(r.id) })}
          >
            <View className="intake__title">{r.title}</View>
            <View className="intake__meta">
              <Text className={r.status === 'published' ? 'intake__status' : 'intake__status intake__status--bad'}>
                {RECRUITMENT_STATUS[r.status] ?? r.status}
              </Text>
              {'  '}
              {deadlineText(r)}
              {r.quota != null ? `  招募 ${r.quota} 家` : ''}
            </View>
          </View>
        ))}
      </View>
      <View className="card">
        <View
          id="to-publicity"
          className="staff__menu-item"
          onClick={() => Taro.navigateTo({ url: ROUTES.intake.publicity })}
        >
          <View className="staff__menu-title">引入结果公示</View>
          <Text className="staff__arrow">›</Text>
        </View>
        <View id="to-my" className="staff__menu-item" onClick={() => Taro.navigateTo({ url: ROUTES.intake.my })}>
          <View className="staff__menu-title">我的申请</View>
          <Text className="staff__arrow">›</Text>
        </View>
      </View>
    </View>
  );
}
