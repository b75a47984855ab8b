// Typed messages between the supervisor (main process) and one training worker process.
// Plain JSON-serialisable objects; both `child_process` IPC and Electron's `parentPort` carry them.
import type { RunConfig } from '../../../shared/schemas/run-config';
import type { MetricPoint } from '../../../shared/types';

export interface DatasetHandle {
  id: string;
  /** Folder holding meta.json + shards (see src-main/datasets/shard-store.ts). */
  dir: string;
  fingerprint: string;
}

/** main → worker */
export type SupervisorMessage =
  | {
      type: 'start';
      runId: string;
      config: RunConfig;
      dataset: DatasetHandle;
      /** runs/<id>/ : checkpoints and logs go here. */
      runDir: string;
      /** Resume from the last checkpoint in runDir if one exists. */
      resume: boolean;
      /** Teacher run folder for distill runs (its final model lives there). */
      teacherRunDir?: string;
      /** Imported TF.js layers teacher (model.json), alternative to teacherRunDir. */
      teacherModelPath?: string;
    }
  | { type: 'cancel' }
  /** Load the best backend, report it with `ready`, and exit (System screen). */
  | { type: 'probe' }
  /** A short job outside the queue (verify an export, draw attention maps); answered by `taskResult`. */
  | { type: 'task'; task: WorkerTask };

export type WorkerTask =
  | {
      /** Write the inference form of a run's model into `dest` and verify it (export-task.ts). */
      kind: 'exportInference';
      format: InferenceFormat;
      modelDir: string;
      /** Zoo model name of the run (its config's `model`). */
      architecture: string;
      dest: string;
      dataset: DatasetHandle;
      /** Cap on the validation split, as the run evaluated it (unused for a test split). */
      maxValSamples?: number;
    }
  | {
      /** Every term's value at the start of a run that is not queued yet (term-probe.ts). */
      kind: 'termProbe';
      config: RunConfig;
      dataset: DatasetHandle;
      teacherRunDir?: string;
      teacherModelPath?: string;
    }
  | {
      kind: 'attention';
      modelDir: string;
      teacherModelDir: string | null;
      dataset: DatasetHandle;
      samples: number[];
      pairs: { teacherTap: string; studentTap: string }[];
    };

export type InferenceFormat = 'onnx' | 'tfjs';

export interface TaskResults {
  exportInference: {
    /** Files written into `dest`. */
    files: string[];
    /** The split scored: the dataset's test split, or its validation split when it has none. */
    split: 'test' | 'val';
    count: number;
    /** Accuracy of the app's own model on that split (the training code's normalisation). */
    appAccuracy: number;
    /** Accuracy of the exported file, run by onnxruntime-node (ONNX) or reloaded by tfjs (TF.js). */
    exportedAccuracy: number;
    /** max |logit_exported − logit_app| over every image and class of the split. */
    maxLogitDiff: number;
    inputShape: [number, number, number];
    classNames: string[];
    normalisation: { mean: number[]; std: number[] };
  };
  termProbe: {
    /** Images the values are averaged over. */
    images: number;
    terms: { name: string; raw: number; weighted: number; share: number }[];
  };
  attention: {
    images: string[];
    labels: number[];
    pairs: { teacherTap: string; studentTap: string; teacher: string[]; student: string[] }[];
  };
}

export interface BackendInfo {
  name: string; // 'tensorflow' (native) | 'cpu' (pure JS)
  package: string; // '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node' | '@tensorflow/tfjs'
  gpu: boolean;
  reason: string; // human-readable: why this backend
  tfjsVersion: string;
  /** Set when the native TensorFlow built by setup-backend is in use. */
  native?: { tfVersion: string; dir: string; variant: 'cpu' | 'gpu'; intraOpThreads: number; interOpThreads: number };
}

/** worker → main */
export type WorkerMessage =
  | { type: 'ready'; backend: BackendInfo }
  | {
      type: 'progress';
      epoch: number;
      epochs: number;
      step: number;
      totalSteps: number;
      imagesPerSec: number | null;
      etaSeconds: number | null;
    }
  | { type: 'metrics'; points: MetricPoint[] }
  | { type: 'epoch'; epoch: number; metrics: Record<string, number>; seconds: number }
  | { type: 'checkpoint'; epoch: number; path: string; bytes: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  /** From a remote handle, never a worker: the run waits outside the app ("pending on Slurm (Resources)"), null once it trains. */
  | { type: 'waiting'; message: string | null }
  | {
      type: 'done';
      status: 'completed' | 'cancelled';
      finalMetrics: Record<string, number>;
      /** Files written into the run folder: final model, report (confusion matrix, per-class accuracy). */
      artifacts: { kind: 'model' | 'report' | 'checkpoint'; path: string; bytes: number }[];
    }
  | { type: 'failed'; status: 'failed' | 'diverged'; message: string }
  | { type: 'taskResult'; result: TaskResults[keyof TaskResults] };
