import Taro from '@tarojs/taro';
import { ME_KEY, request, TOKEN_KEY } from './request';
import type { Me } from './types';

interface TokenResponse {
  accessToken: string;
}

export function staffLogin(username: string, password: string): Promise<TokenResponse> {
  return request<TokenResponse>({
    path: '/auth/staff/login',
    method: 'POST',
    body: { username, password },
    auth: false,
  });
}

/** Development sign-in by partner code (api must run with HUOBAN_DEV_LOGIN=true). */
export function partnerDevLogin(partnerCode: string): Promise<TokenResponse> {
  return request<TokenResponse>({
    path: '/auth/partner/dev-login',
    method: 'POST',
    body: { partnerCode },
    auth: false,
  });
}

/** WeChat sign-in: exchanges a fresh wx.login code; the invite code binds the WeChat account on first login. */
export async function partnerWechatLogin(inviteCode?: string): Promise<TokenResponse> {
  const { code } = await Taro.login();
  const body: { code: string; inviteCode?: string } = { code };
  if (inviteCode) body.inviteCode = inviteCode;
  return request<TokenResponse>({ path: '/auth/partner/wechat', method: 'POST', body, auth: false });
}

export function fetchMe(): Promise<Me> {
  return request<Me>({ path: '/me' });
}

/** Stores the token, loads the signed-in user and remembers it. */
export async function startSession(token: string): Promise<Me> {
  Taro.setStorageSync(TOKEN_KEY, token);
  try {
    const me = await fetchMe();
    Taro.setStorageSync(ME_KEY, me);
    return me;
  } catch (err) {
    endSession();
    throw err;
  }
}

export function endSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(ME_KEY);
}

export function hasToken(): boolean {
  return Boolean(Taro.getStorageSync(TOKEN_KEY));
}

/** The user remembered at login, or null when signed out. */
export function currentUser(): Me | null {
  if (!hasToken()) return null;
  const me = Taro.getStorageSync(ME_KEY) as Me | '';
  return me || null;
}

export function isStaff(me: Me | null): boolean {
  return me?.role === 'staff' || me?.role === 'admin' || me?.role === 'reviewer' || me?.role === 'committee';
}
