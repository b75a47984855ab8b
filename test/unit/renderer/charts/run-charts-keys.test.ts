import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../../../shared/types';
import { formatMacs, formatMetric } from '../../../../src-renderer/lib/format';
import { termLabel } from '../../../../src-renderer/lib/methods';
import { columnId, higherIsBetter, lossTermKeys, parseColumnId } from '../../../../src-renderer/lib/charts/metric-keys';
import { buildRunCharts } from '../../../../src-renderer/lib/charts/run-charts';

const s = (values: number[], every = 1) => ({ step: values.map((_, i) => (i + 1) * every), value: values, epoch: values.map(() => 1) });

describe('run page charts', () => {
  const series: MetricSeries = {
    'train/loss': s([3, 2, 1.5, 1.2]),
    'loss/ce': s([2, 1.8, 1.6, 1.5]),
    'loss_w/ce': s([0.2, 0.18, 0.16, 0.15]),
    'loss/kd': s([1, 0.8, 0.6, 0.5]),
    'loss_w/kd': s([0.9, 0.7, 0.5, 0.4]),
    'loss/nst[stage3]': s([0.1, 0.05, 0.02, 0.01]),
    'loss_w/nst[stage3]': s([5, 2.5, 1, 0.5]),
    lr: s([0.05, 0.05, 0.05, 0.05]),
    throughput: s([100, 110, 120, 115]),
    'val/acc': s([0.5, 0.7], 2),
    'val/top5': s([0.9, 0.95], 2),
    'final/agreement': s([0.8]),
  };

  it('draws total loss, accuracy, every loss term raw and weighted, lr, throughput and the rest', () => {
    const { charts, scalars } = buildRunCharts(series, 0.6);
    expect(charts.map((c) => c.id)).toEqual(['loss', 'accuracy', 'terms-raw', 'terms-weighted', 'lr', 'throughput', 'key-val/top5']);
    expect(scalars).toEqual([{ key: 'final/agreement', value: 0.8 }]);
    const raw = charts.find((c) => c.id === 'terms-raw')!;
    expect(raw.series.filter((x) => !x.hideInLegend).map((x) => x.label)).toEqual(['ce', 'kd', 'nst[stage3]']);
    expect(charts.find((c) => c.id === 'terms-weighted')!.series.find((x) => x.label === 'nst[stage3]')!.points[0]!.y).toBeCloseTo(5);
  });

  it('puts the smoothed curve over its faded raw twin, and only the raw one at smoothing 0', () => {
    const loss = buildRunCharts(series, 0.6).charts[0]!.series;
    expect(loss[0]).toMatchObject({ label: 'train loss (raw)', opacity: 0.25, hideInLegend: true });
    expect(loss[1]!.label).toBe('train loss');
    expect(loss[1]!.points[3]!.y).toBeGreaterThan(1.2); // lags the raw value
    expect(buildRunCharts(series, 0).charts[0]!.series[0]!.label).toBe('train loss');
  });

  it('has no loss-term charts for plain CE runs and copes with no series', () => {
    expect(buildRunCharts({ 'train/loss': s([1, 2]) }, 0).charts.map((c) => c.id)).toEqual(['loss', 'accuracy', 'lr', 'throughput']);
    expect(buildRunCharts(undefined, 0.5).charts).toHaveLength(4);
  });
});

describe('metric keys and labels', () => {
  it('pairs raw and weighted term keys, CE and KD first', () => {
    expect(lossTermKeys(['loss_w/at[stage2]', 'loss/kd', 'loss/at[stage2]', 'loss_w/kd', 'loss/ce', 'val/acc'])).toEqual([
      { term: 'ce', raw: 'loss/ce', weighted: null },
      { term: 'kd', raw: 'loss/kd', weighted: 'loss_w/kd' },
      { term: 'at[stage2]', raw: 'loss/at[stage2]', weighted: 'loss_w/at[stage2]' },
    ]);
  });

  it('round-trips column ids and knows which way is better', () => {
    expect(parseColumnId(columnId({ key: 'loss/nst[a:b]', agg: 'min' }))).toEqual({ key: 'loss/nst[a:b]', agg: 'min' });
    expect(parseColumnId('val/acc:median')).toBeNull();
    expect(higherIsBetter('val/acc')).toBe(true);
    expect(higherIsBetter('final/agreement')).toBe(true);
    expect(higherIsBetter('train/loss')).toBe(false);
  });

  it('writes terms as people do', () => {
    expect(termLabel({ method: 'kd', weight: 0.9, options: { temperature: 4 } })).toBe('kd 0.9 (T=4)');
    expect(termLabel({ method: 'nst', weight: 50, teacherTap: 's3', studentTap: 's3', options: { kernel: 'poly', degree: 3 } })).toBe(
      'nst[s3] 50 (poly degree=3)',
    );
    expect(termLabel({ method: 'hint', weight: 100, teacherTap: 'stage2', studentTap: 'conv2' })).toBe('hint[stage2→conv2] 100');
  });

  it('formats MACs and metric values', () => {
    expect(formatMacs(1_040_000)).toBe('1.0M MACs');
    expect(formatMacs(undefined)).toBe('');
    expect(formatMetric('val/acc', 0.9734)).toBe('97.34%');
    expect(formatMetric('train/loss', 0.123456)).toBe('0.1235');
    expect(formatMetric('lr', 0.00005)).toBe('5.00e-5');
    expect(formatMetric('x', null)).toBe('—');
  });
});
