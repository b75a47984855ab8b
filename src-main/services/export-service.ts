// Getting results out (and back in): a run's model as ONNX or a TF.js layers folder, verified on
// the spot against the app's own model (model-export.ts); metrics of many runs as CSV/JSON; run bundles (record + metrics + logs + report + model) that another install imports.
import type Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDataset, getDatasetPath, getMetricSeries, getRun, listRunLogs } from '../db';
import { packBundle, type BundleLimits } from '../export/bundle-format';
import { metricsCsv, metricsJson } from '../export/metrics-export';
import { runWorkerTask } from '../training/host/task-runner';
import type { WorkerSpawner } from '../training/host/worker-handle';
import type { AttentionMaps, ModelExportResult, TextExport } from '../../shared/history-types';
import { StudioFailure } from '../../shared/result';
import type { MetricPoint, RunRecord } from '../../shared/types';
import { BundleImporter } from './bundle-import';
import { exportRunModel } from './model-export';

export interface ExportDeps {
  db: Database.Database;
  runDir(id: string): string;
  spawn: WorkerSpawner;
  workerEntry: string;
  /** Caps for unpacking bundles (tests lower them); defaults in bundle-format.ts. */
  bundleLimits?: Partial<BundleLimits>;
}

export class ExportService {
  constructor(private readonly d: ExportDeps) {}

  private require(id: string): RunRecord {
    const run = getRun(this.d.db, id);
    if (!run) throw new StudioFailure('not_found', `no run with id '${id}'`);
    return run;
  }

  private modelDir(run: RunRecord): string {
    const dir = join(this.d.runDir(run.id), 'model');
    if (run.status !== 'completed' || !existsSync(join(dir, 'model.json'))) {
      throw new StudioFailure('conflict', `run '${run.name}' is ${run.status} and has no final model to export`);
    }
    return dir;
  }

  private datasetHandle(run: RunRecord) {
    const ds = getDataset(this.d.db, run.datasetId);
    const dir = getDatasetPath(this.d.db, run.datasetId);
    if (!ds || !dir || !existsSync(dir)) throw new StudioFailure('not_found', `dataset ${run.datasetId} of run '${run.name}' is no longer in the library`);
    return { id: ds.id, dir, fingerprint: ds.fingerprint };
  }

  /** The run's model as ONNX or TF.js, verified on the spot (model-export.ts). */
  exportModel(id: string, dest: string, format: 'tfjs' | 'onnx' = 'tfjs'): Promise<ModelExportResult> {
    const run = this.require(id);
    const modelDir = this.modelDir(run);
    const dataset = { ...this.datasetHandle(run), name: getDataset(this.d.db, run.datasetId)?.name ?? null };
    return exportRunModel(this.d, { run, modelDir, dataset, dest, format });
  }

  exportMetrics(ids: string[], format: 'csv' | 'json'): TextExport {
    const runs = ids.map((id) => ({ run: this.require(id), series: getMetricSeries(this.d.db, id) }));
    const stamp = new Date().toISOString().slice(0, 10);
    const base = runs.length === 1 ? runs[0]!.run.name.replace(/[^\w.-]+/g, '_').slice(0, 60) : `${runs.length}-runs`;
    return format === 'csv'
      ? { filename: `${base}-metrics-${stamp}.csv`, mimeType: 'text/csv', content: metricsCsv(runs) }
      : { filename: `${base}-metrics-${stamp}.json`, mimeType: 'application/json', content: metricsJson(runs) };
  }

  exportBundle(id: string, file: string): { file: string; bytes: number } {
    const run = this.require(id);
    const runDir = this.d.runDir(id);
    const series = getMetricSeries(this.d.db, id);
    const points: MetricPoint[] = Object.entries(series).flatMap(([key, s]) =>
      s.step.map((step, i) => ({ key, step, epoch: s.epoch[i]!, value: s.value[i]! })),
    );
    const dataset = getDataset(this.d.db, run.datasetId);
    const files = [
      { name: 'run.json', data: Buffer.from(JSON.stringify({ formatVersion: 1, run, dataset })) },
      { name: 'metrics.json', data: Buffer.from(JSON.stringify(points)) },
      { name: 'logs.json', data: Buffer.from(JSON.stringify(listRunLogs(this.d.db, id, 100_000))) },
    ];
    if (existsSync(join(runDir, 'report.json'))) files.push({ name: 'report.json', data: readFileSync(join(runDir, 'report.json')) });
    const modelDir = join(runDir, 'model');
    const modelFiles = existsSync(modelDir)
      ? readdirSync(modelDir, { withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name)
      : [];
    for (const f of modelFiles) files.push({ name: `model/${f}`, data: readFileSync(join(modelDir, f)) });
    const packed = packBundle(files);
    try {
      writeFileSync(file, packed);
    } catch (e) {
      throw new StudioFailure('io_error', `could not write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return { file, bytes: packed.length };
  }

  /** Adds the run of a bundle file to this library; see bundle-import.ts. */
  importBundle(file: string): Promise<RunRecord> {
    return new BundleImporter({ db: this.d.db, runDir: this.d.runDir, limits: this.d.bundleLimits }).importBundle(file);
  }

  async attention(id: string, samples: number[]): Promise<AttentionMaps> {
    const run = this.require(id);
    const modelDir = this.modelDir(run);
    const pairs = run.config.terms
      .filter((t) => t.teacherTap && t.studentTap)
      .map((t) => ({ teacherTap: t.teacherTap!, studentTap: t.studentTap! }))
      .filter((p, i, all) => all.findIndex((q) => q.teacherTap === p.teacherTap && q.studentTap === p.studentTap) === i);
    const teacherDir = run.teacherRunId ? join(this.d.runDir(run.teacherRunId), 'model') : null;
    if (!pairs.length) {
      // No paired taps (e.g. KD alone): show every student tap next to the teacher's tap of the same name.
      const tapsOf = (dir: string) =>
        existsSync(join(dir, 'taps.json')) ? (JSON.parse(readFileSync(join(dir, 'taps.json'), 'utf8')).outputs as string[]) : [];
      const teacherTaps = teacherDir ? tapsOf(teacherDir) : null;
      const shared = tapsOf(modelDir).filter((t) => t !== 'logits' && (!teacherTaps || teacherTaps.includes(t)));
      pairs.push(...shared.map((t) => ({ teacherTap: t, studentTap: t })));
    }
    return runWorkerTask(this.d.spawn, this.d.workerEntry, {
      kind: 'attention',
      modelDir,
      teacherModelDir: teacherDir && existsSync(join(teacherDir, 'model.json')) ? teacherDir : null,
      dataset: this.datasetHandle(run),
      samples,
      pairs,
    });
  }
}
