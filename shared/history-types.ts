// Output types of the history, compare, queue and export channels.
import type { MetricSeries, RunRecord } from './types';

/** One row of the runs table: the record plus the requested metric columns ('key:agg' → value). */
export interface RunRow extends RunRecord {
  archived: boolean;
  durationSeconds: number | null;
  metrics: Record<string, number | null>;
}

export interface RunPage {
  total: number;
  rows: RunRow[];
}

/** Series of several runs at once: runId → key → points (possibly decimated). */
export type MultiSeries = Record<string, MetricSeries>;

export interface RunReport {
  confusion: number[][];
  perClassAcc: number[];
  classNames: string[];
  agreement: number | null;
  acc: number;
  top5: number | null;
  loss: number;
  /** Share of the teacher–baseline gap recovered, when a baseline run matches (distill runs). */
  gapRecovered: { value: number; baselineRunId: string; baselineAcc: number; teacherAcc: number } | null;
}

export interface ModelExportResult {
  format: 'tfjs' | 'onnx';
  dir: string;
  /** Files written, relative to `dir` (the model card and, for TF.js, the training form under training/). */
  files: string[];
  bytes: number;
  /** The split the export was verified on: the dataset's test split, else its validation split. */
  split: 'test' | 'val';
  samples: number;
  /** Accuracy of the exported file on that split (onnxruntime-node for ONNX, a tfjs reload for TF.js). */
  verifiedAccuracy: number;
  /** Accuracy of the app's own model on the same split, computed at export. */
  appAccuracy: number;
  /** max |exported logit − app logit| over the split. */
  maxLogitDiff: number;
  /** Accuracy the run recorded (val/acc of its last epoch); comparable when `split` is 'val'. */
  runAccuracy: number | null;
  /**
   * verified = app accuracy, max logit difference ≤ 1e-4, and on the validation split the app's
   * accuracy equals the recorded one (|difference| ≤ 1e-6).
   */
  matches: boolean;
}

export interface TextExport {
  filename: string;
  mimeType: string;
  content: string;
}

/** Each objective term at the start of a run, before it is queued (runs:probe). */
export interface TermProbe {
  /** Training images the values are averaged over (the first batches of the run's seeded order). */
  images: number;
  /** Term name ('ce', 'kd', 'nst[stage2]'), unweighted and weighted value, share of the total. */
  terms: { name: string; raw: number; weighted: number; share: number }[];
}

export interface AttentionMaps {
  /** The input images, grey or RGB, as PNG data URLs. */
  images: string[];
  labels: number[];
  /** One entry per paired tap: teacher and student attention maps (PNG data URLs, per sample). */
  pairs: { teacherTap: string; studentTap: string; teacher: string[]; student: string[] }[];
}
