import { Text, View } from '@tarojs/components';
import type { Chart } from '@/utils/score';
import { formatScore } from '@/utils/score';
import './TrendChart.css';

interface Props {
  id: string;
  chart: Chart;
  /** bars below this value are drawn red (the rectification line) */
  lowBelow?: number;
  /** the bar drawn as selected */
  selectedKey?: string;
  onSelect?: (key: string) => void;
}

/**
 * Bar chart of plain Views (works on weapp and H5 alike): one bar per month or half-year with its score on top,
 * dashed reference lines (整改线, A类线) labelled in a left gutter so they never cover a bar's value, a lighter bar for the live, not yet closed one. E2E: `#<id>`, `#chart-bar-<key>`.
 */
export function TrendChart({ id, chart, lowBelow, selectedKey, onSelect }: Props) {
  if (!chart.bars.length) {
    return (
      <View id={id} className="trend trend--empty hint">
        暂无历史分数
      </View>
    );
  }
  return (
    <View id={id} className="trend">
      <View className="trend__plot">
        <View className="trend__area">
          {chart.lines.map((l) => (
            <View key={l.label} className="trend__line" style={{ bottom: `${l.pct}%` }}>
              <View className="trend__line-label">
                <View>{l.label}</View>
                <View>{formatScore(l.value)}</View>
              </View>
            </View>
          ))}
          <View className="trend__bars">
            {chart.bars.map((b) => {
              const classes = ['trend__bar'];
              if (lowBelow !== undefined && b.value < lowBelow) classes.push('trend__bar--low');
              if (b.current) classes.push('trend__bar--current');
              if (b.key === selectedKey) classes.push('trend__bar--selected');
              return (
                <View key={b.key} className="trend__col" onClick={() => onSelect?.(b.key)}>
                  <View id={`chart-bar-${b.key}`} className={classes.join(' ')} style={{ height: `${b.pct}%` }}>
                    <Text className="trend__value">{formatScore(b.value)}</Text>
                  </View>
                </View>
              );
            })}
          </View>
        </View>
      </View>
      <View className="trend__labels">
        <View className="trend__gutter" />
        {chart.bars.map((b) => (
          <View key={b.key} className={b.key === selectedKey ? 'trend__label trend__label--selected' : 'trend__label'}>
            <View>{b.label}</View>
            <View className="trend__sub">{b.sub ?? ' '}</View>
          </View>
        ))}
      </View>
    </View>
  );
}
