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
  const rows = [
    { key: 'programme', label: '项目', items: filter.programmes, value: filter.programmeId, onChange: onProgramme },
    { key: 'partner', label: '伙伴', items: filter.partners, value: filter.partnerId, onChange: onPartner },
  ];
  return (
    <>
      {rows.map((r) => (
        <ChipsField
          key={r.key}
          label={r.label}
          id={`${idPrefix}-${r.key}`}
          options={[{ value: ALL, label: '全部' }, ...r.items.map((p) => ({ value: p.id, label: p.name }))]}
          value={r.value}
          onChange={r.onChange}
        />
      ))}
    </>
  );
}
