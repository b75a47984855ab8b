// Each objective term's share of the total loss at the start of a run, from the weighted term
// series (loss_w/<term>, the engine's metric keys) over the first steps: what the weights
// actually do. A term above DOMINANT_SHARE of the total swamps the others (usually CE): the
// run then mostly imitates the teacher and learns little from the labels.
import type { MetricSeries } from '../../../shared/types';
import { METRIC } from '../../../shared/metric-keys';

/** Steps averaged: enough to smooth one batch's noise, early enough to be "the start". */
export const START_STEPS = 10;
/** A term carrying more than this share of the total is reported as dominating. */
export const DOMINANT_SHARE = 2 / 3;

export interface TermShare {
  /** Term name as in the metric key: 'ce', 'kd', 'nst[stage3]'. */
  term: string;
  share: number;
}

const WEIGHTED = 'loss_w/';

/** Shares (summing to 1) of the terms over the first START_STEPS steps; [] without term series. */
export function startShares(series: MetricSeries | undefined): TermShare[] {
  if (!series) return [];
  const means: TermShare[] = [];
  for (const [key, s] of Object.entries(series)) {
    if (!key.startsWith(WEIGHTED)) continue;
    const early = s.value.filter((v, i) => s.step[i]! <= START_STEPS && Number.isFinite(v));
    if (early.length) means.push({ term: key.slice(WEIGHTED.length), share: early.reduce((a, b) => a + b, 0) / early.length });
  }
  const total = means.reduce((a, m) => a + Math.abs(m.share), 0);
  if (means.length < 2 || total <= 0 || !series[METRIC.trainLoss]) return [];
  return means.map((m) => ({ term: m.term, share: Math.abs(m.share) / total })).sort((a, b) => b.share - a.share);
}

/** The term that swamps the others at the start, if one does. */
export function dominantTerm(shares: readonly TermShare[]): TermShare | null {
  return shares.find((s) => s.share > DOMINANT_SHARE) ?? null;
}

/** The weights a run chose at its start (balanceWeights: `weight/<term>` metrics), CE first; empty otherwise. */
export function balancedWeights(series: MetricSeries | undefined): { term: string; weight: number }[] {
  if (!series) return [];
  return Object.entries(series)
    .filter(([key, s]) => key.startsWith('weight/') && s.value.length > 0)
    .map(([key, s]) => ({ term: key.slice('weight/'.length), weight: s.value[0]! }))
    .sort((a, b) => (a.term === 'ce' ? -1 : b.term === 'ce' ? 1 : a.term.localeCompare(b.term)));
}
