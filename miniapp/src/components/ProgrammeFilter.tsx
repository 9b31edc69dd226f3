import { ChipsField } from './Field';
import { ALL, type useProgrammeFilter } from '@/hooks/useProgrammeFilter';

/** The 项目 and 伙伴 chips of a report (`#<idPrefix>-programme-<id>`, `#<idPrefix>-partner-<id>`), 全部 first. */
export function ProgrammeFilterFields({
  idPrefix,
  filter,
  onProgramme,
  onPartner,
}: {
  idPrefix: string;
  filter: ReturnType<typeof useProgrammeFilter>;
  onProgramme: (id: string) => void;
  onPartner: (id: string) => void;
}) {
  const all = { value: ALL, label: '全部' };
  return (
    <>
      <ChipsField
        label="项目"
        id={`${idPrefix}-programme`}
        options={[all, ...filter.programmes.map((p) => ({ value: p.id, label: p.name }))]}
        value={filter.programmeId}
        onChange={onProgramme}
      />
      <ChipsField
        label="伙伴"
        id={`${idPrefix}-partner`}
        options={[all, ...filter.partners.map((p) => ({ value: p.id, label: p.name }))]}
        value={filter.partnerId}
        onChange={onPartner}
      />
    </>
  );
}
