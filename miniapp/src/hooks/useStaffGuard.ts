import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { currentUser } from '@/services/auth';
import { staffRedirect } from '@/utils/staff';

/**
 * Staff pages only: on every show, a partner is sent back to its complaints and a signed-out user to login.
 * Returns whether the page may render; `onShow` runs for staff each time the page is shown.
 */
export function useStaffGuard(onShow?: () => void): boolean {
  const [allowed, setAllowed] = useState(false);
  useDidShow(() => {
    const target = staffRedirect(currentUser());
    if (target) {
      setAllowed(false);
      if (currentUser()) void Taro.showToast({ title: '仅限运营人员使用', icon: 'none' });
      void Taro.reLaunch({ url: target });
      return;
    }
    setAllowed(true);
    onShow?.();
  });
  return allowed;
}
