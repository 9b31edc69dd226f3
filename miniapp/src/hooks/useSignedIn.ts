import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { ROUTES } from '@/routes';
import { currentUser } from '@/services/auth';
import type { Me } from '@/services/types';

/**
 * Pages for any signed-in user: on every show, a signed-out user is sent to login.
 * Returns the signed-in user (null until the first show, or when signed out); `onShow` runs with that user
 * each time the page is shown. Staff-only pages use `useStaffGuard` instead.
 */
export function useSignedIn(onShow?: (me: Me) => void): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useDidShow(() => {
    const user = currentUser();
    if (!user) {
      setMe(null);
      void Taro.reLaunch({ url: ROUTES.login });
      return;
    }
    setMe(user);
    onShow?.(user);
  });
  return me;
}
