// Metrics of one or many runs as CSV (long format: run, name, key, step, epoch, value — the shape
// pandas and spreadsheets pivot easily) or JSON (run → key → series).
import type { MetricSeries, RunRecord } from '../../shared/types';

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function metricsCsv(runs: { run: RunRecord; series: MetricSeries }[]): string {
  const lines = ['run_id,run_name,key,step,epoch,value'];
  for (const { run, series } of runs) {
    for (const [key, s] of Object.entries(series)) {
      for (let i = 0; i < s.step.length; i++) {
        lines.push([run.id, run.name, key, s.step[i]!, s.epoch[i]!, s.value[i]!].map(csvCell).join(','));
      }
    }
  }
  return lines.join('\n') + '\n';
}

export function metricsJson(runs: { run: RunRecord; series: MetricSeries }[]): string {
  return JSON.stringify(
    runs.map(({ run, series }) => ({ id: run.id, name: run.name, kind: run.kind, config: run.config, metrics: series })),
    null,
    1,
  );
}
