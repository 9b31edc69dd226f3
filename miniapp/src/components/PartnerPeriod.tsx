import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { periodName } from '@/utils/score';
import { ErrorBanner } from './ErrorBanner';
import { Loading } from './ListState';

/**
 * The frame of a page about one partner in one half-year (入网评分, 安全事件): the error, 加载中… until the
 * inputs are there, then the page. PartnerPeriodTitle is its card title `<name> · 2026年上半年` (E2E `#<idPrefix>-partner`).
 */
export function PartnerPeriodPage({ error, ready, children }: { error: string; ready: boolean; children: ReactNode }) {
  return (
    <View className="page">
      <ErrorBanner message={error} />
      {!ready && !error && <Loading />}
      {ready && children}
    </View>
  );
}

export function PartnerPeriodTitle({ idPrefix, name, period }: { idPrefix: string; name: string; period: string }) {
  return (
    <View className="card__title">
      <Text id={`${idPrefix}-partner`}>{name}</Text> · {periodName(period)}
    </View>
  );
}
