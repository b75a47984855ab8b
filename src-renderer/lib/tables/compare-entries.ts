// What the compare screen compares: single runs, or (with "seed groups as one") each seed group
// as one entry. Every entry keeps one colour everywhere. Table values come from each run's metric
// summary (best = max for accuracies, min for losses), so no series is needed for the table.
import { gapRecovered } from '../../../shared/presets';
import type { MetricSummary, RunRecord } from '../../../shared/types';
import type { CompareColumn, CompareEntry } from './compare-table';
import { groupName, groupOf } from './seed-groups';
import { higherIsBetter, isFraction, type MetricAgg } from '../charts/metric-keys';
import { runColor } from '../charts/run-colors';

export interface EntryDef {
  id: string;
  label: string;
  runIds: string[];
  color: string;
  isGroup: boolean;
}

type RunLike = Pick<RunRecord, 'id' | 'name' | 'tags'>;

export function buildEntries(runs: readonly RunLike[], groupMode: boolean): EntryDef[] {
  const entries: EntryDef[] = [];
  const byGroup = new Map<string, EntryDef>();
  for (const r of runs) {
    const g = groupMode ? groupOf(r) : null;
    if (g) {
      const existing = byGroup.get(g);
      if (existing) {
        existing.runIds.push(r.id);
        continue;
      }
      const e: EntryDef = { id: `group:${g}`, label: '', runIds: [r.id], color: '', isGroup: true };
      byGroup.set(g, e);
      entries.push(e);
    } else {
      entries.push({ id: r.id, label: r.name, runIds: [r.id], color: '', isGroup: false });
    }
  }
  const names = new Map(runs.map((r) => [r.id, r.name]));
  entries.forEach((e, i) => {
    e.color = runColor(i);
    if (e.isGroup) e.label = groupName(e.runIds.map((id) => names.get(id) ?? id));
    if (e.isGroup && e.runIds.length === 1) e.isGroup = false; // a lone seed is just a run
  });
  return entries;
}

export interface MetricSpec {
  key: string;
  agg: MetricAgg;
}

export function summaryValue(summary: readonly MetricSummary[] | undefined, spec: MetricSpec): number | null {
  const s = summary?.find((m) => m.key === spec.key);
  if (!s) return null;
  const v = spec.agg === 'last' ? s.last : spec.agg === 'min' ? s.min : spec.agg === 'max' ? s.max : higherIsBetter(spec.key) ? s.max : s.min;
  return Number.isFinite(v) ? v : null;
}

export const specColumn = (m: MetricSpec): CompareColumn => ({
  id: `${m.key}:${m.agg}`,
  label: `${m.key} (${m.agg})`,
  higherIsBetter: higherIsBetter(m.key),
  percent: isFraction(m.key),
});

export interface GapChoice {
  /** Accuracy of the baseline and of the teacher (same basis as the entries'). */
  baselineAcc: number;
  teacherAcc: number;
}

/**
 * Table entries: for each entry and metric, one value per run; plus wall time and, when a
 * baseline and a teacher are chosen, the share of the gap recovered per run.
 */
export function tableEntries(
  entries: readonly EntryDef[],
  specs: readonly MetricSpec[],
  summaryOf: (runId: string) => readonly MetricSummary[] | undefined,
  extra: { seconds: (runId: string) => number | null; accSpec: MetricSpec; gap: GapChoice | null },
): CompareEntry[] {
  return entries.map((e) => {
    const values: Record<string, (number | null)[]> = {};
    for (const m of specs) values[specColumn(m).id] = e.runIds.map((id) => summaryValue(summaryOf(id), m));
    values.seconds = e.runIds.map(extra.seconds);
    if (extra.gap) {
      const g = extra.gap;
      values.gap = e.runIds.map((id) => {
        const acc = summaryValue(summaryOf(id), extra.accSpec);
        return acc === null ? null : gapRecovered(acc, g.baselineAcc, g.teacherAcc);
      });
    }
    return { id: e.id, label: e.label, size: e.runIds.length, values };
  });
}
