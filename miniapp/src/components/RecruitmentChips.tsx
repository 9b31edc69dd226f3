import { Chips } from '@/components/Chips';

/** A console table's recruitment filter: 全部招募, then each recruitment by title (`''` = all). */
export function RecruitmentChips({
  idPrefix,
  recruitments,
  value,
  onChange,
}: {
  idPrefix: string;
  recruitments: readonly { id: string; title: string }[];
  value: string | undefined;
  onChange: (recruitmentId: string | undefined) => void;
}) {
  return (
    <Chips
      idPrefix={idPrefix}
      options={[{ value: '', label: '全部招募' }, ...recruitments.map((r) => ({ value: r.id, label: r.title }))]}
      value={value ?? ''}
      onChange={(v) => onChange(v || undefined)}
    />
  );
}
