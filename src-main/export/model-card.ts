// The model card written as `model-card.json` beside every model export (ONNX or TF.js): what a
// user needs to run the file and to cite where it came from. Classes, input tensor (name,
// layout, shape, value range), the input normalisation the file already contains, the dataset
// (id, name, content fingerprint), the run, its teacher and objective terms, the metrics the run
// recorded and the numbers of the verification done at export. Pure data: no files, no DB.
import { METHODS, type Term } from '../../shared/methods';
import type { RunRecord } from '../../shared/types';

export const MODEL_CARD_FILE = 'model-card.json';
export const MODEL_CARD_VERSION = 1;

export type CardFormat = 'onnx' | 'tfjs';

export interface ModelCard {
  cardVersion: number;
  format: 'onnx' | 'tfjs-layers';
  files: string[];
  architecture: string;
  run: { id: string; name: string; kind: string; seed: number; finishedAt: string | null };
  classes: string[];
  input: {
    name: 'image';
    layout: 'NCHW' | 'NHWC';
    /** With the batch dimension first; null = any batch size. */
    shape: [null, number, number, number];
    dtype: 'float32';
    range: [0, 255];
    description: string;
  };
  output: { name: 'logits'; shape: [null, number]; description: string };
  normalisation: { included: true; formula: string; mean: number[]; std: number[] };
  dataset: { id: string; name: string | null; fingerprint: string; imageShape: [number, number, number] };
  teacher: { runId: string; name: string | null; architecture: string | null } | { modelPath: string } | null;
  /** Objective terms as configured, with the options the engine used (defaults filled in) and the paper. */
  method: { kind: string; terms: Array<Term & { paper: string }> };
  /** Last recorded value of every metric the run logged (val/acc, val/loss, train/acc …). */
  metrics: Record<string, number>;
  verification: {
    split: 'test' | 'val';
    samples: number;
    appAccuracy: number;
    exportedAccuracy: number;
    maxLogitDiff: number;
    tolerance: number;
    runtime: string;
  };
  exportedAt: string;
}

export interface CardInput {
  format: CardFormat;
  files: string[];
  run: RunRecord;
  teacher: RunRecord | null;
  dataset: { id: string; name: string | null; fingerprint: string };
  inputShape: [number, number, number];
  classNames: string[];
  normalisation: { mean: number[]; std: number[] };
  metrics: Record<string, number>;
  verification: ModelCard['verification'];
}

export function buildModelCard(c: CardInput): ModelCard {
  const [h, w, ch] = c.inputShape;
  const onnx = c.format === 'onnx';
  const teacher: ModelCard['teacher'] = c.run.teacherRunId
    ? { runId: c.run.teacherRunId, name: c.teacher?.name ?? null, architecture: c.teacher?.config.model ?? null }
    : c.run.config.teacherModelPath
      ? { modelPath: c.run.config.teacherModelPath }
      : null;
  return {
    cardVersion: MODEL_CARD_VERSION,
    format: onnx ? 'onnx' : 'tfjs-layers',
    files: c.files,
    architecture: c.run.config.model,
    run: { id: c.run.id, name: c.run.name, kind: c.run.kind, seed: c.run.seed, finishedAt: c.run.finishedAt },
    classes: c.classNames,
    input: {
      name: 'image',
      layout: onnx ? 'NCHW' : 'NHWC',
      shape: onnx ? [null, ch, h, w] : [null, h, w, ch],
      dtype: 'float32',
      range: [0, 255],
      description: 'raw pixel values as decoded from the image (0-255, not rescaled); the model normalises them itself',
    },
    output: {
      name: 'logits',
      shape: [null, c.classNames.length],
      description: 'unnormalised class scores in the order of `classes`; softmax gives probabilities',
    },
    normalisation: { included: true, formula: 'x_c = (pixel_c / 255 - mean_c) / std_c', mean: c.normalisation.mean, std: c.normalisation.std },
    dataset: { ...c.dataset, imageShape: c.inputShape },
    teacher,
    method: {
      kind: c.run.kind,
      terms: c.run.config.terms.map((t) => {
        const def = METHODS[t.method];
        return { ...t, options: { ...def.defaults, ...t.options }, paper: def.paper } as Term & { paper: string };
      }),
    },
    metrics: c.metrics,
    verification: c.verification,
    exportedAt: new Date().toISOString(),
  };
}
