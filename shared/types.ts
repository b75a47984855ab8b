// Plain data types shared by main, worker and renderer. No runtime code, no dependencies.
import type { RunConfig, RunKind } from './schemas/run-config';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted' | 'diverged';

export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'interrupted', 'diverged'];

export interface DatasetSummary {
  id: string;
  name: string;
  format: string; // 'mnist-demo' | 'cifar10' | 'idx' | 'folder' ...
  numClasses: number;
  numSamples: number;
  /** [height, width, channels] */
  shape: [number, number, number];
  classNames: string[];
  splits: Record<string, number>; // e.g. { train: 8000, val: 2000 }
  fingerprint: string; // sha256 of the stored content
  bytes: number;
  createdAt: string; // ISO timestamp
}

/** Formats `datasets:import` reads; 'auto' detects one of the others and says what it found. */
export type DatasetImportFormat = 'auto' | 'folder' | 'cifar10' | 'cifar100' | 'idx' | 'mnist-demo';

/** A run that uses a dataset (shown before deleting it). */
export interface DatasetRunRef {
  id: string;
  name: string;
  status: RunStatus;
}

/** One row of the datasets list: the summary plus the runs that use it (newest first, at most 20). */
export interface DatasetListItem extends DatasetSummary {
  usedBy: DatasetRunRef[];
  /** How many runs use it in all (usedBy lists only the newest few). */
  usedByCount: number;
}

/** Everything the dataset page shows. */
export interface DatasetDetail extends DatasetListItem {
  /** Per-channel mean and std of the train split, pixel values in [0, 1]. */
  mean: number[];
  std: number[];
  /** Samples per class, per split (index = class index). */
  classCounts: Record<string, number[]>;
  /** CIFAR-100: the 20 superclass names (coarse labels are stored next to the fine ones). */
  coarseClassNames: string[] | null;
  /** What the import found, e.g. "CIFAR-10 binary archive cifar-10-binary.tar.gz (5 training batches, test batch)". */
  source: string | null;
  /** What the import accepted with a remark (skipped files, missing batches, ...). */
  warnings: string[];
}

/** What `datasets:detect` found at a path. */
export interface DatasetDetection {
  format: Exclude<DatasetImportFormat, 'auto'>;
  description: string;
  /** A name to prefill the import dialog with. */
  suggestedName: string;
}

export interface DatasetImportResult {
  dataset: DatasetSummary;
  /** What was imported, e.g. "MNIST-style IDX files (train 60,000, test 10,000)". */
  detected: string;
  warnings: string[];
  /** Files left out because they were not readable images (image folders with badFiles: skip). */
  skippedFiles: number;
}

export type DatasetImportPhase = 'detecting' | 'reading' | 'splitting' | 'writing' | 'done' | 'failed' | 'cancelled';

export interface DatasetImportProgress {
  importId: string;
  phase: DatasetImportPhase;
  fraction: number; // 0..1
  etaSeconds: number | null;
  elapsedSeconds: number;
  message: string;
}

export interface DatasetDeleteResult {
  id: string;
  /** Runs that used the dataset (deleted with force): they keep their history and fingerprint. */
  keptRuns: DatasetRunRef[];
}

/** One thumbnail: a PNG data URL of the stored sample at its natural size. */
export interface DatasetSample {
  index: number; // position in the split
  label: number;
  dataUrl: string;
}

export interface DatasetSamplesPage {
  id: string;
  split: string;
  classIndex: number | null;
  /** Samples in the split (of the class, when one is given). */
  total: number;
  offset: number;
  items: DatasetSample[];
}

/** What a run trained with, recorded when its worker starts. */
export interface RunEnvironment {
  appVersion: string;
  tfjsVersion: string;
  backendPackage: string;
  gpu: boolean;
  nodeVersion: string;
  electronVersion: string | null;
  platform: string;
  datasetFingerprint: string;
}

export interface RunRecord {
  id: string;
  name: string;
  kind: RunKind;
  status: RunStatus;
  config: RunConfig;
  datasetId: string;
  teacherRunId: string | null;
  seed: number;
  backend: string | null;
  backendReason: string | null;
  /** Null for runs that never started. */
  environment: RunEnvironment | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  notes: string | null;
  tags: string[];
}

export interface MetricPoint {
  key: string; // 'train/loss', 'val/acc', 'lr', ...
  step: number;
  epoch: number;
  value: number;
}

export interface MetricSummary {
  key: string;
  last: number;
  min: number;
  max: number;
  lastStep: number;
  count: number;
}

export interface RunDetail extends RunRecord {
  summary: MetricSummary[];
  /** Latest progress if running, else null. */
  progress: RunProgress | null;
  executor: 'local' | 'slurm';
  /** The Slurm job of a Slurm run (the last one submitted), as last seen; null for a local run. */
  slurm: RunSlurmJob | null;
}

export interface RunSlurmJob {
  /** `<id>`, or `<array id>_<task>` for a run of a job array; null until sbatch accepted it. */
  jobId: string | null;
  arrayJobId: string | null;
  arrayTask: number | null;
  state: string | null;
  reason: string | null;
  /** "pending on Slurm (Resources)" while a running run's job waits in the queue, else null. */
  waiting: string | null;
}

export interface RunProgress {
  runId: string;
  epoch: number; // 1-based current epoch
  epochs: number;
  step: number; // global step done
  totalSteps: number;
  fraction: number; // 0..1
  etaSeconds: number | null;
  imagesPerSec: number | null;
  /** Set while the run waits outside the app, e.g. "pending on Slurm (Resources)"; absent or null once it trains. */
  waiting?: string | null;
}

export type MetricSeries = Record<string, { step: number[]; value: number[]; epoch: number[] }>;

export interface ModelInfo {
  name: string;
  description: string;
  params: number; // for the default input shape of the dataset in question
  taps: string[];
  /** Multiply-accumulates (MACs) of conv and dense layers for one image of that input shape. */
  flops?: number;
  /** MACs of one plain training step for one image (≈ 3 × flops; the image's own gradient is not computed). */
  stepMacs?: number;
  /** Output shapes without the batch dimension: [classes] for logits, [H, W, C] for feature taps. */
  tapShapes?: { name: string; shape: number[] }[];
}

export interface SystemInfo {
  appVersion: string;
  mode: 'electron' | 'browser' | 'cli';
  dataDir: string;
  platform: string;
  arch: string;
  nodeVersion: string;
  electronVersion: string | null;
  cpus: { model: string; count: number };
  totalMemoryBytes: number;
  /** Last backend a worker reported (or the probe's result), with the reason. */
  backend: { name: string; reason: string; tfjsVersion: string | null; gpu: boolean } | null;
  queue: { running: number; queued: number; concurrency: number };
  /** The native TensorFlow built by `setup-backend`: what is installed, or how to get it. */
  nativeBackend?: { installed: string | null; folder: string; libcuda: string | null; hint: string | null };
  /** Where runs can train: `local` always; `slurm` when sinfo answered (docs/cluster.md). Unset until probed. */
  executors?: { local: true; slurm: { available: boolean; partitions: string[]; detail: string } };
}

export interface RunLogLine {
  runId: string;
  level: 'info' | 'warn' | 'error';
  message: string;
  time: string;
}

/** One line of the built-in demo's summary table. */
export interface DemoRow {
  runId: string;
  label: string;
  model: string;
  status: RunStatus;
  /** Validation accuracy of the final model. */
  accuracy: number | null;
  /** Test-split accuracy of the final model (test/acc); null when the dataset has no test split. */
  testAccuracy: number | null;
  params: number;
  /** (acc − acc_baseline) / (acc_teacher − acc_baseline), distilled runs only. */
  gapRecovered: number | null;
  seconds: number | null;
}
