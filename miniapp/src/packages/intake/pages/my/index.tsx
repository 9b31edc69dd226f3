import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { currentUser } from '../../../../services/auth';
import { myApplications, type Application } from '../../../../services/intake';
import { ROUTES } from '../../../../routes';
import { errorText } from '../../../../utils/errors';
import { APPLICATION_STATUS, nextDue } from '../../../../utils/intake';
import { formatBeijing } from '../../../../utils/time';
import '../../intake.css';

/** The applicant's applications: status, the next step's due date, and the result. */
export default function MyApplicationsPage() {
  const [items, setItems] = useState<Application[]>([]);
  const [error, setError] = useState('');
  useDidShow(() => {
    if (currentUser()?.role !== 'applicant') {
      void Taro.redirectTo({ url: ROUTES.intake.recruitments });
      return;
    }
    myApplications()
      .then(setItems)
      .catch((e) => setError(errorText(e)));
  });
  return (
    <View className="page">
      <ErrorBanner message={error} />
      <View className="card">
        <View className="card__title">我的申请</View>
        {items.length === 0 && <View className="empty">还没有申请，请从招募公告报名</View>}
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
              <View className="intake__meta">
                <Text id={`my-status-${a.id}`} className="intake__status">
                  {APPLICATION_STATUS[a.status] ?? a.status}
                </Text>
                {due ? ` · ${due.label}：${formatBeijing(due.at)}` : ''}
              </View>
              {a.rejection && <View className="field__error">{a.rejection}</View>}
            </View>
          );
        })}
      </View>
      <View className="card">
        <View className="staff__menu-item" onClick={() => Taro.navigateTo({ url: ROUTES.intake.recruitments })}>
          <View className="staff__menu-title">招募公告</View>
          <Text className="staff__arrow">›</Text>
        </View>
      </View>
    </View>
  );
}
