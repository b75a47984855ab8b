// Which charts a run page draws from its metric series, and with which lines: total loss,
// accuracy, every loss term raw and weighted, learning rate, throughput, and one chart for each
// remaining key. Per-step curves get an EMA-smoothed line over their faded raw line; per-epoch
// curves (a point per epoch) are drawn as they are, with markers.
import type { MetricSeries } from '../../../shared/types';
import { lossTermKeys, isFraction } from './metric-keys';
import type { ChartSeries } from './series';
import { toXY } from './series';
import { emaSmoothPoints } from './smoothing';
import { METRIC } from '../../../shared/metric-keys';

export interface ChartSpec {
  id: string;
  title: string;
  series: ChartSeries[];
  percent?: boolean;
  /** Offer a log-scale toggle (loss terms span orders of magnitude). */
  logToggle?: boolean;
}

const PALETTE = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

/** A per-step line: smoothed over its faded raw twin (smoothing 0 = the raw line alone). */
function stepLine(label: string, points: { x: number; y: number }[], colorVar: string, smoothing: number): ChartSeries[] {
  if (smoothing <= 0 || points.length < 3) return [{ label, points, colorVar }];
  return [
    { label: `${label} (raw)`, points, colorVar, opacity: 0.25, width: 1, hideInLegend: true },
    { label, points: emaSmoothPoints(points, smoothing), colorVar },
  ];
}

const epochLine = (label: string, points: { x: number; y: number }[], colorVar: string): ChartSeries => ({ label, points, colorVar, markers: true });

/** Keys with a single point (end-of-run numbers, one-epoch runs) are shown as values, not charts. */
export interface RunScalar {
  key: string;
  value: number;
}

export function buildRunCharts(series: MetricSeries | undefined, smoothing: number): { charts: ChartSpec[]; scalars: RunScalar[] } {
  const s = series ?? {};
  const keys = Object.keys(s);
  const used = new Set<string>();
  const xy = (k: string) => {
    used.add(k);
    return toXY(s, k);
  };
  const charts: ChartSpec[] = [
    {
      id: 'loss',
      title: 'Total loss',
      series: [
        ...stepLine('train loss', xy(METRIC.trainLoss), '--chart-1', smoothing),
        epochLine('val loss', xy(METRIC.valLoss), '--chart-2'),
        epochLine('train loss (epoch)', xy(METRIC.trainEpochLoss), '--chart-3'),
      ],
    },
    {
      id: 'accuracy',
      title: 'Accuracy',
      percent: true,
      series: [
        ...stepLine('train acc (batch)', xy(METRIC.trainBatchAcc), '--chart-1', smoothing),
        epochLine('train acc (epoch)', xy(METRIC.trainAcc), '--chart-3'),
        epochLine('val acc', xy(METRIC.valAcc), '--chart-2'),
      ],
    },
  ];
  const terms = lossTermKeys(keys);
  if (terms.length) {
    const raw = terms.filter((t) => t.raw).flatMap((t, i) => stepLine(t.term, xy(t.raw!), PALETTE[i % PALETTE.length]!, smoothing));
    const weighted = terms.filter((t) => t.weighted).flatMap((t, i) => stepLine(t.term, xy(t.weighted!), PALETTE[i % PALETTE.length]!, smoothing));
    charts.push({ id: 'terms-raw', title: 'Loss terms (raw)', series: raw, logToggle: true });
    charts.push({ id: 'terms-weighted', title: 'Loss terms (weighted: contribution to the total)', series: weighted, logToggle: true });
  }
  charts.push({ id: 'lr', title: 'Learning rate', series: [{ label: 'lr', points: xy('lr'), colorVar: '--chart-1' }] });
  charts.push({ id: 'throughput', title: 'Throughput (images/s)', series: stepLine('images/s', xy('throughput'), '--chart-3', smoothing) });
  const scalars: RunScalar[] = [];
  for (const k of keys.sort()) {
    if (used.has(k)) continue;
    const points = xy(k);
    if (points.length === 1) scalars.push({ key: k, value: points[0]!.y });
    else if (points.length > 1) charts.push({ id: `key-${k}`, title: k, percent: isFraction(k), series: [epochLine(k, points, '--chart-1')] });
  }
  return { charts, scalars };
}
