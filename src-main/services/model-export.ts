// Model export of a completed run, in an inference form verified on the spot: ONNX (model.onnx)
// or TF.js layers (model.json + weights.bin), both taking raw pixels with the input
// normalisation included and giving one output, the logits. A worker writes the file and scores
// it against the app's own model (training/worker/export-task.ts); this side checks the folder,
// copies the TF.js training form (logits + feature taps, normalised input) under training/ so
// the export can still serve as an imported teacher, and writes model-card.json.
import type Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { getRun, getRunSummary } from '../db';
import { buildModelCard, MODEL_CARD_FILE, type CardFormat } from '../export/model-card';
import { runWorkerTask } from '../training/host/task-runner';
import type { DatasetHandle, TaskResults } from '../training/worker/protocol';
import type { WorkerSpawner } from '../training/host/worker-handle';
import type { ModelExportResult } from '../../shared/history-types';
import { METRIC } from '../../shared/metric-keys';
import { StudioFailure } from '../../shared/result';
import type { RunRecord } from '../../shared/types';

/** Largest |logit difference| an export may show against the app and still count as verified. */
export const LOGIT_TOLERANCE = 1e-4;
/** Folder of an export holding the app's own model files, loadable as a teacher. */
export const TRAINING_FORM_DIR = 'training';
const TRAINING_FILES = ['model.json', 'weights.bin', 'taps.json'];
const PRODUCED = ['model.json', 'weights.bin', 'model.onnx'];
const OCCUPIED = [...PRODUCED, MODEL_CARD_FILE, TRAINING_FORM_DIR];
/**
 * The worker scores the whole test split twice (app model and export): 10 000 CIFAR images through
 * resnet110 on the pure-JS backend take tens of minutes, far beyond the 5 minutes of other tasks.
 */
const EXPORT_TIMEOUT_MS = 2 * 60 * 60 * 1000;

export interface ModelExportDeps {
  db: Database.Database;
  spawn: WorkerSpawner;
  workerEntry: string;
}

export interface ModelExportRequest {
  run: RunRecord;
  /** The run's final model folder (model.json + weights.bin + taps.json). */
  modelDir: string;
  dataset: DatasetHandle & { name: string | null };
  dest: string;
  format: CardFormat;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/**
 * The model a teacher import should load for `modelJson`: a TF.js export of this app holds the
 * inference form (raw pixels, logits only) at its top and the training form (normalised input,
 * logits + taps, what distillation needs) under training/; pointing at the export means the latter.
 */
export function teacherModelFileOf(modelJson: string): string {
  const dir = dirname(modelJson);
  if (!existsSync(join(dir, MODEL_CARD_FILE)) || basename(dir) === TRAINING_FORM_DIR) return modelJson;
  const training = join(dir, TRAINING_FORM_DIR, 'model.json');
  if (!existsSync(training)) {
    throw new StudioFailure(
      'invalid_input',
      `teacherModelPath: ${modelJson} is an inference export (raw pixels in, logits only) without its ${TRAINING_FORM_DIR}/ folder; import a model with the app's normalised input`,
    );
  }
  return training;
}

export async function exportRunModel(d: ModelExportDeps, r: ModelExportRequest): Promise<ModelExportResult> {
  const taken = OCCUPIED.find((f) => existsSync(join(r.dest, f)));
  if (taken) throw new StudioFailure('conflict', `${r.dest} already holds a ${taken}; pick an empty folder`);
  try {
    mkdirSync(r.dest, { recursive: true });
    if (r.format === 'tfjs') {
      mkdirSync(join(r.dest, TRAINING_FORM_DIR));
      for (const f of TRAINING_FILES) if (existsSync(join(r.modelDir, f))) copyFileSync(join(r.modelDir, f), join(r.dest, TRAINING_FORM_DIR, f));
    }
  } catch (e) {
    throw new StudioFailure('io_error', `could not write to ${r.dest}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const task = {
    kind: 'exportInference' as const,
    format: r.format,
    modelDir: r.modelDir,
    architecture: r.run.config.model,
    dest: r.dest,
    dataset: { id: r.dataset.id, dir: r.dataset.dir, fingerprint: r.dataset.fingerprint },
    maxValSamples: r.run.config.maxValSamples,
  };
  let v: TaskResults['exportInference'];
  try {
    v = await runWorkerTask(d.spawn, d.workerEntry, task, EXPORT_TIMEOUT_MS);
  } catch (e) {
    // Leave the folder as it was: a half-written export must not pass for a verified one.
    for (const f of [...PRODUCED, TRAINING_FORM_DIR]) rmSync(join(r.dest, f), { recursive: true, force: true });
    throw e;
  }
  const metrics = Object.fromEntries(getRunSummary(d.db, r.run.id).map((m) => [m.key, m.last]));
  // what the run recorded on the split the export was verified on (test/acc: the final model's)
  const recorded = (v.split === 'test' ? metrics[METRIC.testAcc] : metrics[METRIC.valAcc]) ?? null;
  const card = buildModelCard({
    format: r.format,
    files: v.files,
    run: r.run,
    teacher: r.run.teacherRunId ? (getRun(d.db, r.run.teacherRunId) ?? null) : null,
    dataset: { id: r.dataset.id, name: r.dataset.name, fingerprint: r.dataset.fingerprint },
    inputShape: v.inputShape,
    classNames: v.classNames,
    normalisation: v.normalisation,
    metrics,
    verification: {
      split: v.split,
      samples: v.count,
      appAccuracy: v.appAccuracy,
      exportedAccuracy: v.exportedAccuracy,
      maxLogitDiff: v.maxLogitDiff,
      tolerance: LOGIT_TOLERANCE,
      runtime: r.format === 'onnx' ? 'onnxruntime-node (CPU)' : 'TensorFlow.js (reloaded from the written files)',
    },
  });
  try {
    writeFileSync(join(r.dest, MODEL_CARD_FILE), `${JSON.stringify(card, null, 2)}\n`);
  } catch (e) {
    throw new StudioFailure('io_error', `could not write ${MODEL_CARD_FILE} in ${r.dest}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const files = filesUnder(r.dest).filter((f) => f === MODEL_CARD_FILE || v.files.includes(f) || f.startsWith(`${TRAINING_FORM_DIR}/`));
  // runs trained before test scoring existed have no test/acc: nothing recorded to compare with
  const recordedOk = recorded === null ? v.split === 'test' : Math.abs(v.appAccuracy - recorded) <= 1e-6;
  return {
    format: r.format,
    dir: r.dest,
    files,
    bytes: files.reduce((n, f) => n + statSync(join(r.dest, f)).size, 0),
    split: v.split,
    samples: v.count,
    verifiedAccuracy: v.exportedAccuracy,
    appAccuracy: v.appAccuracy,
    maxLogitDiff: v.maxLogitDiff,
    runAccuracy: recorded,
    matches: v.exportedAccuracy === v.appAccuracy && v.maxLogitDiff <= LOGIT_TOLERANCE && recordedOk,
  };
}
