import { useEffect, useState } from 'react';

/** The desktop console's breakpoint: H5 at 1024 CSS px and wider; the mini-program is never wide. */
export const WIDE_QUERY = '(min-width: 1024px)';

/** Whether the page is shown as the desktop console (H5 on a wide screen); follows window resizes. */
export function useWideScreen(): boolean {
  const h5 = process.env.TARO_ENV === 'h5';
  const [wide, setWide] = useState(() => h5 && typeof window !== 'undefined' && window.matchMedia(WIDE_QUERY).matches);
  useEffect(() => {
    if (!h5 || typeof window === 'undefined') return;
    const mq = window.matchMedia(WIDE_QUERY);
    const on = () => setWide(mq.matches);
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [h5]);
  return wide;
}
