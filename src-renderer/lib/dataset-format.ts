// Pure display helpers of the dataset screens: format names, splits in a stable order, channel
// names for mean/std, the runs that use a dataset, and the import progress line. No Vue, no DOM.
import type { DatasetImportPhase, DatasetImportProgress, DatasetRunRef } from '../../shared/types';
import { clamp01, formatDuration } from './format';

const FORMAT_LABELS: Record<string, string> = {
  'mnist-demo': 'MNIST demo',
  cifar10: 'CIFAR-10',
  cifar100: 'CIFAR-100',
  idx: 'IDX (MNIST-style)',
  folder: 'Image folder',
  auto: 'Detect automatically',
};

/** 'cifar10' → "CIFAR-10"; unknown formats are shown as stored. */
export function formatLabel(format: string): string {
  return FORMAT_LABELS[format] ?? format;
}

const SPLIT_LABELS: Record<string, string> = { train: 'Train', val: 'Validation', test: 'Test' };
const SPLIT_ORDER = ['train', 'val', 'test'];

export function splitLabel(name: string): string {
  return SPLIT_LABELS[name] ?? name;
}

/** Split names train, val, test first, then any others alphabetically. */
export function splitNames(splits: Record<string, unknown>): string[] {
  const rank = (s: string) => {
    const i = SPLIT_ORDER.indexOf(s);
    return i < 0 ? SPLIT_ORDER.length : i;
  };
  return Object.keys(splits).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface SplitRow {
  name: string;
  label: string;
  count: number;
  /** Share of all samples, 0..1. */
  share: number;
}

export function splitRows(splits: Record<string, number>): SplitRow[] {
  const total = Object.values(splits).reduce((a, b) => a + b, 0);
  return splitNames(splits).map((name) => ({
    name,
    label: splitLabel(name),
    count: splits[name]!,
    share: total > 0 ? splits[name]! / total : 0,
  }));
}

/** Channel names for per-channel statistics: grey, or R G B. */
export function channelLabels(channels: number): string[] {
  if (channels === 1) return ['Grey'];
  if (channels === 3) return ['R', 'G', 'B'];
  return Array.from({ length: channels }, (_, i) => `ch${i}`);
}

/** A mean pixel value in [0, 1] per channel as a CSS colour (grey for one channel). */
export function meanColor(mean: readonly number[]): string {
  const byte = (v: number | undefined) => Math.round(clamp01(v ?? 0) * 255);
  const [r, g, b] = mean.length >= 3 ? [mean[0], mean[1], mean[2]] : [mean[0], mean[0], mean[0]];
  return `rgb(${byte(r)}, ${byte(g)}, ${byte(b)})`;
}

/** Runs that block a deletion even with force: they still read the files. */
export function activeRuns(runs: readonly DatasetRunRef[]): DatasetRunRef[] {
  return runs.filter((r) => r.status === 'queued' || r.status === 'running');
}

const PHASE_LABELS: Record<DatasetImportPhase, string> = {
  detecting: 'Detecting the format',
  reading: 'Reading',
  splitting: 'Splitting',
  writing: 'Writing shards',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function phaseLabel(phase: DatasetImportPhase): string {
  return PHASE_LABELS[phase];
}

export function isFinalPhase(phase: DatasetImportPhase): boolean {
  return phase === 'done' || phase === 'failed' || phase === 'cancelled';
}

/** "Reading · 43% · ETA 12s" while running; "Done · 100% · took 3s" at the end. */
export function importCaption(p: Pick<DatasetImportProgress, 'phase' | 'fraction' | 'etaSeconds' | 'elapsedSeconds'>): string {
  const percent = `${Math.floor(clamp01(p.fraction) * 100)}%`;
  if (isFinalPhase(p.phase)) return `${phaseLabel(p.phase)} · ${percent} · took ${formatDuration(p.elapsedSeconds)}`;
  const eta = p.etaSeconds === null ? 'ETA …' : `ETA ${formatDuration(p.etaSeconds)}`;
  return `${phaseLabel(p.phase)} · ${percent} · ${eta}`;
}
