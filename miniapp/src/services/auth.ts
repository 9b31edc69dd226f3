import Taro from '@tarojs/taro';
import { api, ME_KEY, TOKEN_KEY } from './request';
import type { components } from '@huoban/contracts';
import type { Me } from './types';

type TokenResponse = components['schemas']['AccessToken'];

export function staffLogin(username: string, password: string): Promise<TokenResponse> {
  return api.post('/api/v1/auth/staff/login', { body: { username, password }, auth: false });
}

/** Development sign-in by partner code (api must run with HUOBAN_DEV_LOGIN=true). */
export function partnerDevLogin(partnerCode: string): Promise<TokenResponse> {
  return api.post('/api/v1/auth/partner/dev-login', { body: { partnerCode }, auth: false });
}

/** WeChat sign-in: exchanges a fresh wx.login code; the invite code binds the WeChat account on first login. */
export async function partnerWechatLogin(inviteCode?: string): Promise<TokenResponse> {
  const { code } = await Taro.login();
  return api.post('/api/v1/auth/partner/wechat', { body: { code, ...(inviteCode && { inviteCode }) }, auth: false });
}

export function fetchMe(): Promise<Me> {
  return api.get('/api/v1/me');
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
