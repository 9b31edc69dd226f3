import { useRef, useState } from 'react';
import { listPartners } from '@/services/partners';
import { listProgrammes } from '@/services/programmes';
import type { Partner, Programme } from '@/services/types';

export const ALL = 'all';

/**
 * The 项目 / 伙伴 filter of the staff reports (临期投诉, 投诉时效报表): `all` or one programme, `all` or one of
 * its partners. `query(pg, pt)` turns a choice into the api's filter (no key for `all`).
 */
export function useProgrammeFilter() {
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [programmeId, setProgrammeId] = useState(ALL);
  const [partnerId, setPartnerId] = useState(ALL);
  return {
    programmes,
    /** the partners of the chosen programme (all of them for `all`) */
    partners: partners.filter((p) => programmeId === ALL || p.programmeId === programmeId),
    programmeId,
    partnerId,
    /** Loads what there is to choose from; throws when that fails. */
    async loadChoices() {
      const [pgs, pts] = await Promise.all([listProgrammes(), listPartners()]);
      setProgrammes(pgs);
      setPartners(pts);
    },
    /** A programme was chosen: its partner choice starts again at `all`. */
    chooseProgramme(id: string) {
      setProgrammeId(id);
      setPartnerId(ALL);
    },
    choosePartner: setPartnerId,
    query: (pg: string, pt: string) => ({
      programmeId: pg === ALL ? undefined : pg,
      partnerId: pt === ALL ? undefined : pt,
    }),
  };
}

/**
 * Only the latest request's answer is shown (a filter chosen while the first load runs):
 * `const current = next()` before a request, then `if (!current()) return` once it answers.
 */
export function useLatestRequest() {
  const latest = useRef(0);
  return () => {
    const mine = ++latest.current;
    return () => mine === latest.current;
  };
}
