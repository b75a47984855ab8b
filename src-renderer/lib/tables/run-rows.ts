// Shaping runs for display: table rows and the headline numbers of a run.
import type { DatasetSummary, MetricSummary, RunDetail, RunRecord } from '../../../shared/types';
import { runDurationSeconds } from '../format';
import { METRIC } from '../../../shared/metric-keys';

export interface RunRow {
  run: RunRecord;
  datasetName: string;
  bestValAcc: number | null;
  durationSeconds: number | null;
}

export function summaryOf(summary: readonly MetricSummary[] | undefined, key: string): MetricSummary | null {
  return summary?.find((s) => s.key === key) ?? null;
}

export function buildRunRows(
  runs: readonly RunRecord[],
  datasets: ReadonlyMap<string, DatasetSummary>,
  details: Readonly<Record<string, RunDetail>>,
  nowMs: number,
): RunRow[] {
  return runs.map((run) => ({
    run,
    datasetName: datasets.get(run.datasetId)?.name ?? run.datasetId,
    bestValAcc: summaryOf(details[run.id]?.summary, METRIC.valAcc)?.max ?? null,
    durationSeconds: runDurationSeconds(run, nowMs),
  }));
}
