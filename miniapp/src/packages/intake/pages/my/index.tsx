import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ErrorBanner } from '@/components/ErrorBanner';
import { Empty, MenuItem } from '@/components/ListState';
import { useShowLoad } from '@/hooks/useList';
import { currentUser } from '@/services/auth';
import { myApplications } from '@/services/intake';
import { ROUTES } from '@/routes';
import { useIntakeContext } from '@/hooks/useIntakeContext';
import { nextDue } from '@/utils/intake';
import { formatBeijing } from '@/utils/time';
import '../../intake.css';

/** The applicant's applications: status, the next step's due date, and the result. */
export default function MyApplicationsPage() {
  const { data, error } = useShowLoad(myApplications, () => {
    if (currentUser()?.role === 'applicant') return true;
    void Taro.redirectTo({ url: ROUTES.intake.recruitments });
    return false;
  });
  const items = data ?? [];
  const context = useIntakeContext(items);
  return (
    <View className="page">
      <ErrorBanner message={error} />
      <View className="card">
        <View className="card__title">我的申请</View>
        <Empty show={items.length === 0}>还没有申请，请从招募公告报名</Empty>
        {items.map((a) => {
          const due = nextDue(a);
          return (
            <View
              key={a.id}
              id={`my-application-${a.id}`}
              className="intake__item"
              onClick={() => Taro.navigateTo({ url: ROUTES.intake.apply(a.id) })}
            >
              <View className="intake__title">{a.company.name}</View>
              {context.title(a) && (
                <View id={`my-recruitment-${a.id}`} className="intake__meta">
                  招募：{context.title(a)}
                </View>
              )}
              <View className="intake__meta">
                <Text id={`my-status-${a.id}`} className="intake__status">
                  {context.status(a)}
                </Text>
                {due ? ` · ${due.label}：${formatBeijing(due.at)}` : ''}
              </View>
              {a.rejection && <View className="field__error">{a.rejection}</View>}
            </View>
          );
        })}
      </View>
      <View className="card">
        <MenuItem url={ROUTES.intake.recruitments} title="招募公告" />
      </View>
    </View>
  );
}
