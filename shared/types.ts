// Plain data types shared by main, worker and renderer. No runtime code, no dependencies.
import type { RunConfig, RunKind } from './schemas/run-config';

export type RunStatus =
  | 'queued'
  | 'running'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'interrupted'
  | 'diverged';

export const TERMINAL_STATUSES: readonly RunStatus[] = [
  'completed',
  'failed',
  'cancelled',
  'interrupted',
  'diverged',
];

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
}

export type MetricSeries = Record<string, { step: number[]; value: number[]; epoch: number[] }>;

export interface ModelInfo {
  name: string;
  description: string;
  params: number; // for the default input shape of the dataset in question
  taps: string[];
  /** Multiply-accumulates (MACs) of conv and dense layers for one image of that input shape. */
  flops?: number;
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
  accuracy: number | null;
  params: number;
  /** (acc − acc_baseline) / (acc_teacher − acc_baseline), distilled runs only. */
  gapRecovered: number | null;
  seconds: number | null;
}
