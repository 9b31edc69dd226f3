import type { ComponentProps } from 'react';
import { Button } from '@tarojs/components';

type Props = ComponentProps<typeof Button>;

/**
 * Taro's Button that passes `disabled`/`loading` only when true: on H5, `disabled={false}` is rendered as the
 * attribute `disabled="false"`, which Taro's stylesheet (`taro-button-core[disabled]`) still greys out.
 */
export function ActionButton({ disabled, loading, ...rest }: Props) {
  return <Button {...rest} disabled={disabled || undefined} loading={loading || undefined} />;
}
