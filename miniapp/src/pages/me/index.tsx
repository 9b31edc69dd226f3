import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { MenuItem } from '@/components/ListState';
import { useSignedIn } from '@/hooks/useSignedIn';
import { endSession, isStaff } from '@/services/auth';
import { ROUTES } from '@/routes';
import { label, ME_NAME_LABEL, ROLE_LABEL } from '@/utils/labels';

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
          <Text className="row__key">{me ? label(ME_NAME_LABEL, me.role) : '姓名'}</Text>
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
          id="me-profile"
          className="btn btn--default"
          onClick={() => Taro.navigateTo({ url: ROUTES.intake.profile })}
        >
          伙伴资料
        </ActionButton>
      )}
      {(me?.role === 'partner' || me?.role === 'applicant') && (
        <ActionButton
          id="me-documents"
          className="btn btn--default"
          onClick={() => Taro.navigateTo({ url: ROUTES.intake.documents })}
        >
          我的证照
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
      <ActionButton id="logout" className="btn btn--danger" onClick={logout}>
        退出登录
      </ActionButton>
      {me?.role === 'partner' && (
        // far from 退出登录 and in other words: ending the partnership is not signing out
        <View className="card me__danger">
          <MenuItem
            id="me-exit"
            url={ROUTES.exitApply}
            title={
              <View>
                申请终止合作（退出伙伴计划）
                <View className="staff__menu-desc">须提前三个月申请，经审批后终止合同</View>
              </View>
            }
          />
        </View>
      )}
    </View>
  );
}
