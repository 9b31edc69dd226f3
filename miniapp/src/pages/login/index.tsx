import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { SubmitButton } from '@/components/ActionButton';
import { ErrorBanner } from '@/components/ErrorBanner';
import { TextField } from '@/components/Field';
import { fetchMe, hasToken, partnerDevLogin, partnerWechatLogin, staffLogin, startSession } from '@/services/auth';
import { ApiError } from '@/services/request';
import { ROUTES } from '@/routes';
import { homeOf } from '@/utils/staff';
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
      .then((me) => Taro.reLaunch({ url: homeOf(me) }))
      .catch(() => undefined);
  });

  async function signIn(kind: 'partner' | 'staff', obtainToken: () => Promise<{ accessToken: string }>) {
    if (busy) return;
    setBusy(kind);
    setError('');
    try {
      const { accessToken } = await obtainToken();
      await Taro.reLaunch({ url: homeOf(await startSession(accessToken)) });
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
        <View>
          {IS_WEAPP ? (
            needInvite && (
              <TextField
                label="邀请码"
                id="login-invite-code"
                value={inviteCode}
                placeholder="首次登录请填写邀请码"
                onChange={setInviteCode}
              />
            )
          ) : (
            <TextField
              label="伙伴编码"
              id="login-partner-code"
              value={partnerCode}
              placeholder="例如 P001"
              onChange={setPartnerCode}
              onConfirm={partnerSubmit}
            />
          )}
          <SubmitButton
            id="login-partner-submit"
            busy={busy === 'partner'}
            disabled={Boolean(busy)}
            onClick={partnerSubmit}
          >
            {IS_WEAPP ? '微信一键登录' : '开发登录'}
          </SubmitButton>
          {!IS_WEAPP && <View className="hint">开发环境：以伙伴编码直接登录</View>}
        </View>
      </View>

      <View className="card">
        <View className="card__title">员工登录</View>
        <TextField
          label="用户名"
          id="login-staff-username"
          value={username}
          placeholder="请输入用户名"
          onChange={setUsername}
        />
        <TextField
          label="密码"
          id="login-staff-password"
          password
          value={password}
          placeholder="请输入密码"
          onChange={setPassword}
          onConfirm={staffSubmit}
        />
        <SubmitButton
          id="login-staff-submit"
          tone="default"
          busy={busy === 'staff'}
          disabled={Boolean(busy)}
          onClick={staffSubmit}
        >
          员工登录
        </SubmitButton>
      </View>
    </View>
  );
}
