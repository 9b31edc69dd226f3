import type { ComponentProps, ReactNode } from 'react';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { Chips, type ChipsProps } from './Chips';
import { FieldError } from './FieldError';

interface FieldProps {
  /** the `field__label` text; none when omitted */
  label?: ReactNode;
  /** the field's message under it (`field__error`), nothing when empty */
  error?: string | string[];
  /** id of the message element (E2E) */
  errorId?: string;
}

/** One form field: `<View class="field">` with its label, the control and its message. */
export function Field({ label, error, errorId, children }: FieldProps & { children: ReactNode }) {
  return (
    <View className="field">
      {label !== undefined && <Text className="field__label">{label}</Text>}
      {children}
      <FieldError id={errorId} message={error} />
    </View>
  );
}

type InputProps = Omit<ComponentProps<typeof Input>, 'value' | 'onInput' | 'className'>;

/**
 * A bare text input (`field__input`); `onChange` gets the typed text. A bound field's `error`/`errorId`
 * (`useForm().field`) may be spread in: they are not shown here (TextField shows them). E2E: `#<id> input`.
 */
export function TextInput({
  value,
  onChange,
  error,
  errorId,
  'aria-label': ariaLabel,
  ...input
}: InputProps & {
  value: string;
  onChange: (value: string) => void;
  error?: unknown;
  errorId?: string;
  /** the input's accessible name (H5: on the inner <input>; TextField passes its label) */
  'aria-label'?: string;
}) {
  return (
    <Input
      className="field__input"
      value={value}
      onInput={(e) => onChange(e.detail.value)}
      nativeProps={a11yProps(ariaLabel, error, errorId)}
      {...input}
    />
  );
}

/** The inner control's name, invalid state and message link (H5 reads them; the mini-program ignores them). */
function a11yProps(label: string | undefined, error: unknown, errorId: string | undefined): Record<string, unknown> {
  const invalid = Array.isArray(error) ? error.length > 0 : Boolean(error);
  return {
    ...(label && { 'aria-label': label }),
    ...(invalid && { 'aria-invalid': 'true', ...(errorId && { 'aria-describedby': errorId }) }),
  };
}

const textOf = (label: ReactNode) => (typeof label === 'string' ? label : undefined);

/** A labelled text input with its message. */
export function TextField({ label, error, errorId, ...input }: FieldProps & ComponentProps<typeof TextInput>) {
  return (
    <Field label={label} error={error} errorId={errorId}>
      <TextInput aria-label={textOf(label)} error={error} errorId={errorId} {...input} />
    </Field>
  );
}

type TextareaProps = Omit<ComponentProps<typeof Textarea>, 'value' | 'onInput' | 'className'>;

/** A bare textarea (`field__textarea` plus `className`); `onChange` gets the typed text. E2E: `#<id> textarea`. */
export function TextArea({
  className,
  value,
  onChange,
  error,
  errorId,
  'aria-label': ariaLabel,
  ...textarea
}: TextareaProps & {
  'aria-label'?: string;
  className?: string;
  value: string;
  onChange: (value: string) => void;
  /** not shown here (TextareaField shows them): lets a bound field (`useForm().field`) be spread in */
  error?: unknown;
  errorId?: string;
}) {
  return (
    <Textarea
      className={className ? `field__textarea ${className}` : 'field__textarea'}
      value={value}
      onInput={(e) => onChange(e.detail.value)}
      nativeProps={a11yProps(ariaLabel, error, errorId)}
      {...textarea}
    />
  );
}

/** A labelled textarea with its message. */
export function TextareaField({ label, error, errorId, ...textarea }: FieldProps & ComponentProps<typeof TextArea>) {
  return (
    <Field label={label} error={error} errorId={errorId}>
      <TextArea aria-label={textOf(label)} error={error} errorId={errorId} {...textarea} />
    </Field>
  );
}

/** A labelled one-of-a-list picker: shows `text` in a `field__input` box (`#<id>`), `onPick` gets the index. */
export function PickerField({
  id,
  label,
  error,
  errorId,
  range,
  text,
  disabled,
  onPick,
}: FieldProps & { id: string; range: string[]; text: ReactNode; disabled?: boolean; onPick: (index: number) => void }) {
  return (
    <Field label={label} error={error} errorId={errorId}>
      <Picker mode="selector" range={range} disabled={disabled} onChange={(e) => onPick(Number(e.detail.value))}>
        <View id={id} className="field__input">
          {text}
        </View>
      </Picker>
    </Field>
  );
}

/** A labelled row of chips (see Chips; their ids are `<id>-<value>`) with its message. */
export function ChipsField<T extends string>({
  label,
  error,
  errorId,
  id,
  ...chips
}: FieldProps & Omit<ChipsProps<T>, 'idPrefix'> & { id?: string }) {
  return (
    <Field label={label} error={error} errorId={errorId}>
      <Chips idPrefix={id ?? ''} {...chips} />
    </Field>
  );
}

/** A bound value: what `useForm().field(key)` gives (id, value, onChange). */
interface Bound {
  id?: string;
  value: string;
  onChange: (value: string) => void;
}

/**
 * A labelled date and time pair (北京时间 strings `YYYY-MM-DD`, `HH:mm`): two pickers (ids from `date`, `time`)
 * side by side; `start`/`end` bound the date.
 */
export function DateTimeField({
  label,
  error,
  errorId,
  date,
  time,
  start,
  end,
}: FieldProps & {
  date: Bound;
  time: Bound;
  start?: string;
  end?: string;
}) {
  return (
    <Field label={label} error={error} errorId={errorId}>
      <View className="field__when">
        <Picker
          mode="date"
          value={date.value}
          start={start}
          end={end}
          onChange={(e) => date.onChange(String(e.detail.value))}
        >
          <View id={date.id} className="field__input field__picker">
            {date.value}
          </View>
        </Picker>
        <Picker mode="time" value={time.value} onChange={(e) => time.onChange(String(e.detail.value))}>
          <View id={time.id} className="field__input field__picker">
            {time.value}
          </View>
        </Picker>
      </View>
    </Field>
  );
}
