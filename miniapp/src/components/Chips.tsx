import { View } from '@tarojs/components';
import { FOCUSABLE } from './a11y';

export interface ChipsProps<T extends string> {
  /** chip ids are `<idPrefix>-<value>` */
  idPrefix: string;
  options: { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}

/** One choice out of a few, as a row of chips. E2E: `#<idPrefix>-<value>`, the chosen one has `chip--active`. */
export function Chips<T extends string>({ idPrefix, options, value, onChange }: ChipsProps<T>) {
  return (
    <View className="chips">
      {options.map((o) => (
        <View
          key={o.value}
          id={`${idPrefix}-${o.value}`}
          className={o.value === value ? 'chip chip--active' : 'chip'}
          role="button"
          {...FOCUSABLE}
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </View>
      ))}
    </View>
  );
}
