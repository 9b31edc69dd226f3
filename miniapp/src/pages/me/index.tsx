import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { useSignedIn } from '@/hooks/useSignedIn';
import { endSession, isStaff } from '@/services/auth';
import { ROUTES } from '@/routes';
import { label, ROLE_LABEL } from '@/utils/labels';

export default function MePage() {
  const me = useSignedIn();

  function logout() {
    endSession();
    void Taro.reLaunch({ url: ROUTES.login });
  }

  return (
    <View className="page">
      <View className="card">
        <View className="row">
          <Text className="row__key">姓名</Text>
          <Text id="me-name" className="row__value">
            {me?.name ?? '—'}
          </Text>
        </View>
        <View className="row">
          <Text className="row__key">身份</Text>
          <Text id="me-role" className="row__value">
            {me ? label(ROLE_LABEL, me.role) : '—'}
          </Text>
        </View>
      </View>
      {isStaff(me) && (
        <ActionButton
          id="me-workbench"
          className="btn btn--primary"
          onClick={() => Taro.navigateTo({ url: ROUTES.workbench })}
        >
          工作台
        </ActionButton>
      )}
      {me?.role === 'partner' && (
        <ActionButton
          id="me-letters"
          className="btn btn--default"
          onClick={() => Taro.navigateTo({ url: ROUTES.intake.letters })}
        >
          业务拓展授权书
        </ActionButton>
      )}
      {me?.role === 'partner' && (
        <ActionButton id="me-exit" className="btn" onClick={() => Taro.navigateTo({ url: ROUTES.exitApply })}>
          申请退出
        </ActionButton>
      )}
      <ActionButton id="logout" className="btn btn--danger" onClick={logout}>
        退出登录
      </ActionButton>
    </View>
  );
}
