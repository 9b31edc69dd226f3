import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { ActionButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { fetchMe, hasToken, partnerDevLogin, partnerWechatLogin, staffLogin, startSession } from '@/services/auth';
import { ApiError } from '@/services/request';
import { ROUTES } from '@/routes';
import { errorText } from '@/utils/errors';
import './index.css';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

export default function LoginPage() {
  const [partnerCode, setPartnerCode] = useState('');
  const [inviteCode, setInviteCode] = useState('');
  const [needInvite, setNeedInvite] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<'' | 'partner' | 'staff'>('');
  const [error, setError] = useState('');

  // Already signed in (token still valid): go straight to the list.
  useDidShow(() => {
    if (!hasToken()) return;
    fetchMe()
      .then(() => Taro.reLaunch({ url: ROUTES.complaints }))
      .catch(() => undefined);
  });

  async function signIn(kind: 'partner' | 'staff', obtainToken: () => Promise<{ accessToken: string }>) {
    if (busy) return;
    setBusy(kind);
    setError('');
    try {
      const { accessToken } = await obtainToken();
      await startSession(accessToken);
      await Taro.reLaunch({ url: ROUTES.complaints });
    } catch (err) {
      if (kind === 'partner' && IS_WEAPP && err instanceof ApiError && err.status === 403) {
        setNeedInvite(true);
        setError(inviteCode ? errorText(err) : '该微信尚未绑定伙伴，请填写运营人员提供的邀请码');
      } else {
        setError(errorText(err));
      }
    } finally {
      setBusy('');
    }
  }

  function partnerSubmit() {
    if (IS_WEAPP) {
      void signIn('partner', () => partnerWechatLogin(inviteCode.trim() || undefined));
      return;
    }
    const code = partnerCode.trim();
    if (!code) {
      setError('请输入伙伴编码');
      return;
    }
    void signIn('partner', () => partnerDevLogin(code));
  }

  function staffSubmit() {
    if (!username.trim() || !password) {
      setError('请输入用户名和密码');
      return;
    }
    void signIn('staff', () => staffLogin(username.trim(), password));
  }

  return (
    <View className="page login">
      <View className="login__brand">
        <Text className="login__title">伙伴</Text>
        <Text className="login__subtitle">合作伙伴投诉处理</Text>
      </View>

      <View
        id="login-recruitments"
        className="hint"
        onClick={() => Taro.navigateTo({ url: ROUTES.intake.recruitments })}
      >
        查看招募公告（无需登录） ›
      </View>

      <ErrorBanner message={error} />

      <View className="card">
        <View className="card__title">伙伴登录</View>
        {IS_WEAPP ? (
          <View>
            {needInvite && (
              <View className="field">
                <Text className="field__label">邀请码</Text>
                <Input
                  id="login-invite-code"
                  className="field__input"
                  value={inviteCode}
                  placeholder="首次登录请填写邀请码"
                  onInput={(e) => setInviteCode(e.detail.value)}
                />
              </View>
            )}
            <ActionButton
              id="login-partner-submit"
              className="btn btn--primary"
              loading={busy === 'partner'}
              disabled={Boolean(busy)}
              onClick={partnerSubmit}
            >
              微信一键登录
            </ActionButton>
          </View>
        ) : (
          <View>
            <View className="field">
              <Text className="field__label">伙伴编码</Text>
              <Input
                id="login-partner-code"
                className="field__input"
                value={partnerCode}
                placeholder="例如 P001"
                onInput={(e) => setPartnerCode(e.detail.value)}
                onConfirm={partnerSubmit}
              />
            </View>
            <ActionButton
              id="login-partner-submit"
              className="btn btn--primary"
              loading={busy === 'partner'}
              disabled={Boolean(busy)}
              onClick={partnerSubmit}
            >
              开发登录
            </ActionButton>
            <View className="hint">开发环境：以伙伴编码直接登录</View>
          </View>
        )}
      </View>

      <View className="card">
        <View className="card__title">员工登录</View>
        <View className="field">
          <Text className="field__label">用户名</Text>
          <Input
            id="login-staff-username"
            className="field__input"
            value={username}
            placeholder="请输入用户名"
            onInput={(e) => setUsername(e.detail.value)}
          />
        </View>
        <View className="field">
          <Text className="field__label">密码</Text>
          <Input
            id="login-staff-password"
            className="field__input"
            password
            value={password}
            placeholder="请输入密码"
            onInput={(e) => setPassword(e.detail.value)}
            onConfirm={staffSubmit}
          />
        </View>
        <ActionButton
          id="login-staff-submit"
          className="btn btn--default"
          loading={busy === 'staff'}
          disabled={Boolean(busy)}
          onClick={staffSubmit}
        >
          员工登录
        </ActionButton>
      </View>
    </View>
  );
}
