import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty, MenuItem } from '@/components/ListState';
import { useShowLoad } from '@/hooks/useList';
import { listPublicRecruitments } from '@/services/intake';
import { ROUTES } from '@/routes';
import { RECRUITMENT_STATUS, deadlineText } from '@/utils/intake';
import '../../intake.css';

/** Public 招募公告 list (FT-6): no login; share the link. */
export default function RecruitmentsPage() {
  const { data: items, error } = useShowLoad(listPublicRecruitments);
  return (
    <View className="page">
      <ErrorBanner message={error} />
      <View className="card">
        <View className="card__title">招募公告</View>
        <Empty show={items?.length === 0}>暂无招募公告</Empty>
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
        <MenuItem id="to-publicity" url={ROUTES.intake.publicity} title="引入结果公示" />
        <MenuItem id="to-my" url={ROUTES.intake.my} title="我的申请" />
      </View>
    </View>
  );
}
