// Metric keys the engine logs and how the UI names, groups and ranks them.
//   per step:  train/loss, loss/<term>, loss_w/<term>, train/batch_acc, lr, throughput
//   per epoch: train/acc, train/epoch_loss, val/loss, val/acc, val/top5, epoch_time
//   at the end: final/agreement
// Term names: ce, kd, at[stage2], nst[stage3], hint[t→s] (training/core/terms.ts).

export type MetricAgg = 'best' | 'last' | 'min' | 'max';
export const METRIC_AGGS: readonly MetricAgg[] = ['best', 'last', 'min', 'max'];

export interface MetricColumn {
  key: string;
  agg: MetricAgg;
}

/** Accuracies, agreement and throughput are better high; losses, times and everything else low. */
export function higherIsBetter(key: string): boolean {
  return /(acc|top5|agreement|throughput|gap)/.test(key);
}

export function columnId(c: MetricColumn): string {
  return `${c.key}:${c.agg}`;
}

export function parseColumnId(id: string): MetricColumn | null {
  const i = id.lastIndexOf(':');
  if (i <= 0) return null;
  const agg = id.slice(i + 1) as MetricAgg;
  return METRIC_AGGS.includes(agg) ? { key: id.slice(0, i), agg } : null;
}

export function columnLabel(c: MetricColumn): string {
  return `${c.key} (${c.agg})`;
}

/** Raw and weighted loss-term keys of a series, paired by term name, in a stable order. */
export function lossTermKeys(keys: readonly string[]): { term: string; raw: string | null; weighted: string | null }[] {
  const terms = new Map<string, { raw: string | null; weighted: string | null }>();
  for (const k of keys) {
    const m = /^loss(_w)?\/(.+)$/.exec(k);
    if (!m) continue;
    const entry = terms.get(m[2]!) ?? { raw: null, weighted: null };
    if (m[1]) entry.weighted = k;
    else entry.raw = k;
    terms.set(m[2]!, entry);
  }
  const order = (t: string) => (t === 'ce' ? 0 : t === 'kd' ? 1 : 2);
  return [...terms.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b)).map(([term, v]) => ({ term, ...v }));
}

/** Percent-valued keys (shown as 97.1%). */
export function isFraction(key: string): boolean {
  return /(acc|top5|agreement|gap)/.test(key);
}
