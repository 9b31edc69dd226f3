import { useState } from 'react';
import { getInputs, getPartnerScorecard } from '@/services/scorecards';
import type { ScorecardInputs, ScorecardView } from '@/services/types';
import { errorText } from '@/utils/errors';
import { isPeriod } from '@/utils/period';
import { useStaffGuard } from './useStaffGuard';

/**
 * Staff pages that enter one partner's inputs for one half-year (入网评分, 安全事件), opened from the board with
 * `?partnerId=&period=`: on every show loads the partner's scorecard and current inputs (then `onLoad` for
 * what the page needs besides), and shows why when it cannot.
 */
export function usePartnerInputs(
  partnerId: string,
  period: string,
  onLoad: (view: ScorecardView, inputs: ScorecardInputs) => void | Promise<void>,
) {
  const [name, setName] = useState('');
  const [inputs, setInputs] = useState<ScorecardInputs | null>(null);
  const [error, setError] = useState('');

  async function load() {
    if (!partnerId || !isPeriod(period)) {
      setError('缺少伙伴或考核期，请从考核看板进入');
      return;
    }
    setError('');
    try {
      const [view, current] = await Promise.all([getPartnerScorecard(partnerId, period), getInputs(partnerId, period)]);
      setName(view.partnerName);
      setInputs(current);
      await onLoad(view, current);
    } catch (err) {
      setError(errorText(err));
    }
  }

  const allowed = useStaffGuard(() => void load());
  return { allowed, name, inputs, setInputs, error, setError, closed: Boolean(inputs?.closed) };
}
