import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { FOCUSABLE } from './a11y';

/** The 加载中… hint of a page or list. */
export function Loading({ id }: { id?: string }) {
  return (
    <View id={id} className="hint">
      加载中…
    </View>
  );
}

/** The `empty` placeholder of a list, shown only when `show`. */
export function Empty({ id, show = true, children }: { id?: string; show?: boolean; children: ReactNode }) {
  if (!show) return null;
  return (
    <View id={id} className="empty">
      {children}
    </View>
  );
}

/** A key/value line of a card (`row`, `row__key`, `row__value`); `valueId` names the value (E2E). */
export function Row({
  name,
  id,
  valueId,
  children,
}: {
  name: ReactNode;
  id?: string;
  valueId?: string;
  children: ReactNode;
}) {
  return (
    <View id={id} className="row">
      <Text className="row__key">{name}</Text>
      <Text id={valueId} className="row__value">
        {children}
      </Text>
    </View>
  );
}

/** A menu line that opens another page (`staff__menu-item` with its title and ›). */
export function MenuItem({
  id,
  url,
  title,
  children,
}: {
  id?: string;
  url: string;
  title: ReactNode;
  children?: ReactNode;
}) {
  return (
    <View id={id} className="staff__menu-item" role="link" {...FOCUSABLE} onClick={() => void Taro.navigateTo({ url })}>
      <View className="staff__menu-title">{title}</View>
      {children}
      <Text className="staff__arrow">›</Text>
    </View>
  );
}
