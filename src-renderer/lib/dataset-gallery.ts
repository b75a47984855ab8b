// Pure helpers of the dataset page: the class picker's options with counts, paging of the
// thumbnail gallery, and the class-balance chart's series and summary. No Vue, no DOM.
import { splitLabel, splitNames } from './dataset-format';
import { formatCount } from './format';

export interface ClassOption {
  /** null = all classes. */
  index: number | null;
  label: string;
  count: number;
}

/** "All classes" first, then every class with its number of samples in the split. */
export function classOptions(classNames: readonly string[], counts: readonly number[] | undefined, numClasses: number): ClassOption[] {
  const n = Math.max(numClasses, classNames.length);
  const perClass = Array.from({ length: n }, (_, i) => counts?.[i] ?? 0);
  const all: ClassOption = { index: null, label: 'All classes', count: perClass.reduce((a, b) => a + b, 0) };
  return [all, ...perClass.map((count, i) => ({ index: i, label: classNames[i] ?? `class ${i}`, count }))];
}

export interface PageInfo {
  /** 1-based first and last item shown; 0 when empty. */
  from: number;
  to: number;
  page: number;
  pages: number;
  hasPrev: boolean;
  hasNext: boolean;
  label: string;
}

export function pageInfo(offset: number, limit: number, total: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.min(pages, Math.floor(offset / limit) + 1);
  const from = total === 0 ? 0 : Math.min(total, offset + 1);
  const to = Math.min(total, offset + limit);
  return {
    from,
    to,
    page,
    pages,
    hasPrev: offset > 0,
    hasNext: offset + limit < total,
    label: total === 0 ? 'no samples' : `${formatCount(from)}–${formatCount(to)} of ${formatCount(total)}`,
  };
}

/** The offset of the page before or after, kept inside [0, last page]. */
export function pageOffset(offset: number, limit: number, total: number, delta: number): number {
  const last = Math.max(0, Math.ceil(total / limit) - 1) * limit;
  return Math.min(last, Math.max(0, offset + delta * limit));
}

export interface BalanceSeries {
  split: string;
  label: string;
  counts: number[];
}

/** One series per split (train, val, test order) over the class names. */
export function balanceSeries(classCounts: Record<string, readonly number[]>, classNames: readonly string[]): { labels: string[]; series: BalanceSeries[] } {
  const n = Math.max(classNames.length, ...Object.values(classCounts).map((c) => c.length));
  const labels = Array.from({ length: n }, (_, i) => classNames[i] ?? `class ${i}`);
  const series = splitNames(classCounts).map((split) => ({
    split,
    label: splitLabel(split),
    counts: labels.map((_, i) => classCounts[split]![i] ?? 0),
  }));
  return { labels, series };
}

export interface BalanceSummary {
  min: number;
  max: number;
  smallest: string;
  largest: string;
  /** largest / smallest class (Infinity when a class is empty, 1 when balanced). */
  ratio: number;
  text: string;
}

/** Summary of the class balance over all splits together. */
export function balanceSummary(classCounts: Record<string, readonly number[]>, classNames: readonly string[]): BalanceSummary | null {
  const { labels, series } = balanceSeries(classCounts, classNames);
  if (labels.length === 0 || series.length === 0) return null;
  const totals = labels.map((_, i) => series.reduce((a, s) => a + s.counts[i]!, 0));
  let lo = 0;
  let hi = 0;
  totals.forEach((t, i) => {
    if (t < totals[lo]!) lo = i;
    if (t > totals[hi]!) hi = i;
  });
  const min = totals[lo]!;
  const max = totals[hi]!;
  const ratio = min === 0 ? (max === 0 ? 1 : Infinity) : max / min;
  const text =
    ratio === 1
      ? `Balanced: ${formatCount(max)} samples in every class`
      : `Largest class '${labels[hi]}' ${formatCount(max)}, smallest '${labels[lo]}' ${formatCount(min)}` +
        (Number.isFinite(ratio) ? ` (×${ratio.toFixed(ratio < 10 ? 2 : 1)})` : '');
  return { min, max, smallest: labels[lo]!, largest: labels[hi]!, ratio, text };
}
