import { useEffect, useState } from 'react';
import { listPublicity, listPublicRecruitments, type Application } from '@/services/intake';
import { applicationStatusText, type PublicityWindow } from '@/utils/intake';

/**
 * What an application's reader needs beside it, from the public pages (best effort, no login): its recruitment's
 * title and, once approved, its 公示's window, so the status follows time (公示中 → 公示结束). Loads once per set
 * of recruitments / meetings.
 */
export function useIntakeContext(apps: Pick<Application, 'recruitmentId' | 'status' | 'decision'>[]) {
  const [titles, setTitles] = useState<Record<string, string>>({});
  const [windows, setWindows] = useState<Record<string, PublicityWindow>>({});
  const approved = apps.some((a) => a.status === 'approved');
  const key = apps.map((a) => a.recruitmentId).join(',');
  useEffect(() => {
    if (!key) return;
    listPublicRecruitments().then(
      (list) => setTitles(Object.fromEntries(list.map((r) => [r.id, r.title]))),
      () => undefined,
    );
  }, [key]);
  useEffect(() => {
    if (!approved) return;
    listPublicity().then(
      (list) => setWindows(Object.fromEntries(list.map((n) => [n.meetingId, n]))),
      () => undefined,
    );
  }, [approved]);
  return {
    title: (a: Pick<Application, 'recruitmentId'>) => titles[a.recruitmentId] ?? '',
    status: (a: Pick<Application, 'status' | 'decision'>) =>
      applicationStatusText(a.status, a.decision ? windows[a.decision.meetingId] : null, Date.now()),
  };
}
