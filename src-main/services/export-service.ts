// Getting results out (and back in): a run's model as a TF.js layers folder, verified on the spot
// by reloading it in a worker and scoring it on the validation split; metrics of many runs as
// CSV/JSON; run bundles (record + metrics + logs + report + model) that another install imports.
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appendRunLogs,
  getDataset,
  getDatasetPath,
  getMetricSeries,
  getRun,
  getRunSummary,
  insertMetrics,
  insertRun,
  listRunLogs,
  setRunBackend,
  setRunEnvironment,
  updateRunStatus,
} from '../db';
import { packBundle, unpackBundle } from '../export/bundle-format';
import { metricsCsv, metricsJson } from '../export/metrics-export';
import { runWorkerTask } from '../training/task-runner';
import type { WorkerSpawner } from '../training/worker-handle';
import type { AttentionMaps, ModelExportResult, TextExport } from '../../shared/history-types';
import { StudioFailure } from '../../shared/result';
import { RunConfigSchema } from '../../shared/schemas/run-config';
import type { MetricPoint, RunLogLine, RunRecord } from '../../shared/types';

export interface ExportDeps {
  db: Database.Database;
  runDir(id: string): string;
  spawn: WorkerSpawner;
  workerEntry: string;
}

const MODEL_FILES = ['model.json', 'weights.bin', 'taps.json'];

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

  async exportModel(id: string, dest: string): Promise<ModelExportResult> {
    const run = this.require(id);
    const src = this.modelDir(run);
    if (existsSync(join(dest, 'model.json'))) {
      throw new StudioFailure('conflict', `${dest} already holds a model.json; pick an empty folder`);
    }
    try {
      mkdirSync(dest, { recursive: true });
      for (const f of MODEL_FILES) if (existsSync(join(src, f))) copyFileSync(join(src, f), join(dest, f));
    } catch (e) {
      throw new StudioFailure('io_error', `could not write to ${dest}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    // Verify what was written, not the source: reload in a worker and score it as the run did.
    const verified = await runWorkerTask(this.d.spawn, this.d.workerEntry, {
      kind: 'evaluate',
      modelDir: dest,
      dataset: this.datasetHandle(run),
      maxSamples: run.config.maxValSamples,
    });
    const recorded = getRunSummary(this.d.db, id).find((m) => m.key === 'val/acc')?.last ?? null;
    const files = MODEL_FILES.filter((f) => existsSync(join(dest, f)));
    return {
      dir: dest,
      files,
      bytes: files.reduce((n, f) => n + statSync(join(dest, f)).size, 0),
      verifiedAccuracy: verified.acc,
      runAccuracy: recorded,
      matches: recorded !== null && Math.abs(verified.acc - recorded) <= 1e-6,
    };
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
    const points: MetricPoint[] = Object.entries(series).flatMap(([key, s]) => s.step.map((step, i) => ({ key, step, epoch: s.epoch[i]!, value: s.value[i]! })));
    const dataset = getDataset(this.d.db, run.datasetId);
    const files = [
      { name: 'run.json', data: Buffer.from(JSON.stringify({ formatVersion: 1, run, dataset })) },
      { name: 'metrics.json', data: Buffer.from(JSON.stringify(points)) },
      { name: 'logs.json', data: Buffer.from(JSON.stringify(listRunLogs(this.d.db, id, 100_000))) },
    ];
    if (existsSync(join(runDir, 'report.json'))) files.push({ name: 'report.json', data: readFileSync(join(runDir, 'report.json')) });
    const modelDir = join(runDir, 'model');
    if (existsSync(modelDir)) for (const f of readdirSync(modelDir)) files.push({ name: `model/${f}`, data: readFileSync(join(modelDir, f)) });
    const packed = packBundle(files);
    try {
      writeFileSync(file, packed);
    } catch (e) {
      throw new StudioFailure('io_error', `could not write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return { file, bytes: packed.length };
  }

  importBundle(file: string): RunRecord {
    if (!existsSync(file)) throw new StudioFailure('not_found', `bundle file not found: ${file}`);
    let files: Map<string, Buffer>;
    let meta: { formatVersion: number; run: RunRecord; dataset?: { name: string; fingerprint: string } };
    try {
      files = unpackBundle(readFileSync(file));
      meta = JSON.parse(files.get('run.json')?.toString('utf8') ?? 'null');
      if (!meta || meta.formatVersion !== 1) throw new Error('run bundle has no readable run.json');
    } catch (e) {
      throw new StudioFailure('invalid_input', `${file}: ${(e as Error).message}`);
    }
    const { run } = meta;
    if (getRun(this.d.db, run.id)) throw new StudioFailure('conflict', `run '${run.name}' (${run.id}) is already in this library`);
    const ds = getDataset(this.d.db, run.datasetId);
    if (!ds || (meta.dataset && ds.fingerprint !== meta.dataset.fingerprint)) {
      throw new StudioFailure('invalid_input', `${file}: the run was trained on dataset '${meta.dataset?.name ?? run.datasetId}' (fingerprint ${meta.dataset?.fingerprint.slice(0, 12) ?? '?'}…), which is not in this library; import that dataset first`);
    }
    const config = RunConfigSchema.parse(run.config);
    const teacherHere = run.teacherRunId && getRun(this.d.db, run.teacherRunId) ? run.teacherRunId : null;
    const notes = [run.notes, run.teacherRunId && !teacherHere ? `Imported; its teacher run ${run.teacherRunId} is not in this library.` : null].filter(Boolean).join('\n') || null;
    this.d.db.transaction(() => {
      insertRun(this.d.db, { id: run.id, name: run.name, kind: run.kind, status: 'queued', config: { ...config, teacherRunId: teacherHere ?? undefined }, datasetId: run.datasetId, teacherRunId: teacherHere, seed: run.seed, createdAt: run.createdAt, notes, tags: run.tags });
      updateRunStatus(this.d.db, run.id, run.status === 'running' || run.status === 'queued' ? 'interrupted' : run.status, { error: run.error, startedAt: run.startedAt, finishedAt: run.finishedAt });
      insertMetrics(this.d.db, run.id, JSON.parse(files.get('metrics.json')?.toString('utf8') ?? '[]') as MetricPoint[]);
      appendRunLogs(this.d.db, JSON.parse(files.get('logs.json')?.toString('utf8') ?? '[]') as RunLogLine[]);
      if (run.environment) setRunEnvironment(this.d.db, run.id, run.environment);
      if (run.backend) setRunBackend(this.d.db, run.id, run.backend, run.backendReason ?? '');
    })();
    const runDir = this.d.runDir(run.id);
    mkdirSync(join(runDir, 'model'), { recursive: true });
    for (const [name, data] of files) {
      if (name.startsWith('model/') || name === 'report.json') writeFileSync(join(runDir, name), data);
    }
    return this.require(run.id);
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
      const tapsOf = (dir: string) => (existsSync(join(dir, 'taps.json')) ? (JSON.parse(readFileSync(join(dir, 'taps.json'), 'utf8')).outputs as string[]) : []);
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
