// Metric-series helpers: merging live points into a loaded series and shaping chart data.
import type { MetricSeries, MetricSummary } from '../../../shared/types';

/** One line of a chart: points against the step, coloured by a CSS custom property or a colour. */
export interface ChartSeries {
  label: string;
  points: { x: number; y: number }[];
  /** e.g. '--chart-1' (follows the theme) */
  colorVar?: string;
  /** e.g. '#4e79a7' (a compared run's fixed colour); wins over colorVar */
  color?: string;
  /** Sparse series (one point per epoch) show their points. */
  markers?: boolean;
  /** 0..1: a raw curve faded under its smoothed twin. */
  opacity?: number;
  width?: number;
  /** Shaded mean ± std band drawn under the line. */
  band?: { x: number; lower: number; upper: number }[];
  /** Not listed in the legend (the faded raw twin of a smoothed curve). */
  hideInLegend?: boolean;
}

export interface SeriesPoint {
  key: string;
  step: number;
  epoch: number;
  value: number;
}

/**
 * Append points to `series` in place, skipping any at or before the key's last step (those are
 * already there: a fetch and a live event can overlap). Returns how many were added.
 */
export function appendPoints(series: MetricSeries, points: readonly SeriesPoint[]): number {
  let added = 0;
  for (const p of points) {
    let s = series[p.key];
    if (!s) series[p.key] = s = { step: [], value: [], epoch: [] };
    const last = s.step.at(-1) ?? -Infinity;
    if (p.step <= last) continue;
    s.step.push(p.step);
    s.value.push(p.value);
    s.epoch.push(p.epoch);
    added++;
  }
  return added;
}

/** {x: step, y: value} pairs for one key, dropping non-finite values (diverged runs). */
export function toXY(series: MetricSeries | undefined, key: string): { x: number; y: number }[] {
  const s = series?.[key];
  if (!s) return [];
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < s.step.length; i++) {
    const y = s.value[i]!;
    if (Number.isFinite(y)) out.push({ x: s.step[i]!, y });
  }
  return out;
}

/** The last value of a key, or null. */
export function lastValue(series: MetricSeries | undefined, key: string): number | null {
  const v = series?.[key]?.value;
  return v?.at(-1) ?? null;
}

/** Last / min / max / count per key, computed from a loaded series (live while a run trains). */
export function summarize(series: MetricSeries): MetricSummary[] {
  return Object.keys(series)
    .sort()
    .flatMap((key) => {
      const { step, value } = series[key]!;
      const finite = value.filter(Number.isFinite);
      if (value.length === 0) return [];
      return [
        {
          key,
          last: value[value.length - 1]!,
          min: finite.length ? Math.min(...finite) : NaN,
          max: finite.length ? Math.max(...finite) : NaN,
          lastStep: step[step.length - 1]!,
          count: value.length,
        },
      ];
    });
}
