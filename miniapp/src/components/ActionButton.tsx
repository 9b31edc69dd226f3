import type { ComponentProps } from 'react';
import Taro from '@tarojs/taro';
import { Button } from '@tarojs/components';

type Props = ComponentProps<typeof Button>;

/**
 * Taro's Button that passes `disabled`/`loading` only when true: on H5, `disabled={false}` is rendered as the
 * attribute `disabled="false"`, which Taro's stylesheet (`taro-button-core[disabled]`) still greys out.
 */
export function ActionButton({ disabled, loading, ...rest }: Props) {
  return <Button {...rest} disabled={disabled || undefined} loading={loading || undefined} />;
}

type Tone = 'primary' | 'default' | 'danger';

/**
 * A form's full-width button (`btn btn--<tone>`) that spins and refuses clicks while `busy`;
 * `disabled` also refuses them without the spinner.
 */
export function SubmitButton({
  tone = 'primary',
  busy = false,
  disabled,
  className,
  ...rest
}: Omit<Props, 'loading'> & { tone?: Tone; busy?: boolean }) {
  return (
    <ActionButton className={className ?? `btn btn--${tone}`} loading={busy} disabled={busy || disabled} {...rest} />
  );
}

/** A card's small action button (`btn btn--<tone> btn--small`, Taro's mini size unless `mini={false}`). */
export function SmallButton({
  tone = 'default',
  mini = true,
  ...rest
}: Omit<Props, 'className' | 'size'> & { tone?: Tone; mini?: boolean }) {
  return <ActionButton className={`btn btn--${tone} btn--small`} size={mini ? 'mini' : undefined} {...rest} />;
}

/** A button that opens another page (`Taro.navigateTo`). */
export function NavButton({
  url,
  tone = 'default',
  className,
  ...rest
}: Omit<Props, 'onClick'> & { url: string; tone?: Tone }) {
  return (
    <ActionButton className={className ?? `btn btn--${tone}`} onClick={() => void Taro.navigateTo({ url })} {...rest} />
  );
}
