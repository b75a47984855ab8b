// Worker task behind model export: writes the inference form of a run's model (ONNX, or TF.js
// layers; see inference-models.ts) into the destination folder, then verifies what was written on
// the dataset's test split (its validation split when there is none): the exported file on raw
// pixels against the app's own model on the normalised batches training uses, image by image.
// Reports both accuracies and the largest logit difference.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMeta, readSplit } from '../../datasets/shard-store';
import { batchIndices, makeBatch, type SampleSource } from '../core/batches';
import { loadModelFolder, saveModelFolder } from './model-files';
import { onnxBytesOf, tfjsInferenceModel, type InferenceTarget } from './inference-models';
import { openOnnx } from './onnx-runner';
import type { TaskResults, WorkerTask } from './protocol';

type ExportTask = Extract<WorkerTask, { kind: 'exportInference' }>;
type Logits = (src: SampleSource, idx: Uint32Array) => Promise<Float32Array>;

const BATCH = 256;

function argmaxRows(logits: Float32Array, classes: number): Int32Array {
  const n = logits.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[i * classes + k]! > logits[i * classes + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** NHWC uint8 pixels of the samples at `idx`, contiguous. */
function pixelsOf(src: SampleSource, idx: Uint32Array): Uint8Array {
  const size = src.shape[0] * src.shape[1] * src.shape[2];
  const out = new Uint8Array(idx.length * size);
  idx.forEach((i, b) => out.set(src.images.subarray(i * size, (i + 1) * size), b * size));
  return out;
}

/** Writes the exported files; returns their names and a function giving the exported logits. */
async function writeExport(task: ExportTask, model: tf.LayersModel, t: InferenceTarget): Promise<{ files: string[]; logits: Logits; close(): Promise<void> }> {
  if (task.format === 'onnx') {
    const file = join(task.dest, 'model.onnx');
    writeFileSync(file, onnxBytesOf(model, t, { architecture: task.architecture, layout: 'NCHW', input_range: '0-255' }));
    const runner = await openOnnx(file, t.inputShape);
    return { files: ['model.onnx'], logits: (src, idx) => runner.logits(pixelsOf(src, idx), idx.length), close: () => runner.release() };
  }
  const inference = tfjsInferenceModel(model, t);
  const tmp = join(task.dest, `.inference-${process.pid}`);
  await saveModelFolder(inference, tmp);
  inference.dispose();
  for (const f of ['model.json', 'weights.bin']) renameSync(join(tmp, f), join(task.dest, f));
  rmSync(tmp, { recursive: true, force: true });
  // Verify what was written: reload it as any TF.js user would.
  const reloaded = await loadModelFolder(task.dest);
  const logits: Logits = async (src, idx) => {
    const [h, w, c] = src.shape;
    const x = tf.tensor4d(Float32Array.from(pixelsOf(src, idx)), [idx.length, h, w, c]);
    const out = reloaded.predict(x) as tf.Tensor;
    const data = (await out.data()) as Float32Array;
    tf.dispose([x, out]);
    return data;
  };
  return { files: ['model.json', 'weights.bin'], logits, close: async () => void reloaded.dispose() };
}

export async function exportInference(task: ExportTask): Promise<TaskResults['exportInference']> {
  const meta = readMeta(task.dataset.dir);
  const split = meta.splits.test ? 'test' : meta.splits.val ? 'val' : null;
  if (!split) throw new Error(`dataset ${meta.name} has neither a test nor a validation split to verify the export on`);
  const all: SampleSource = { ...readSplit(task.dataset.dir, meta, split), shape: meta.shape };
  const cap = split === 'val' ? task.maxValSamples : undefined;
  const src = cap && cap < all.count ? { ...all, count: cap } : all;
  const model = await loadModelFolder(task.modelDir).catch((e: Error) => {
    throw new Error(`the run's model in ${task.modelDir} cannot be read: ${e.message.split('\n')[0]}`);
  });
  const modelShape = model.inputs[0]!.shape.slice(1).join();
  if (modelShape !== meta.shape.join()) {
    model.dispose();
    throw new Error(`the model takes [${modelShape}] inputs but dataset ${meta.name} has [${meta.shape.join(', ')}] images`);
  }
  const norm = { mean: meta.mean, std: meta.std };
  const target: InferenceTarget = { architecture: task.architecture, inputShape: meta.shape, numClasses: meta.numClasses, normalisation: norm };
  mkdirSync(task.dest, { recursive: true });
  const exported = await writeExport(task, model, target);
  let appHits = 0;
  let exportedHits = 0;
  let maxLogitDiff = 0;
  try {
    for (const idx of batchIndices(
      Uint32Array.from({ length: src.count }, (_, i) => i),
      BATCH,
    )) {
      const { x, y } = makeBatch(src, idx, norm);
      const outs = model.predict(x);
      const appT = (Array.isArray(outs) ? outs[0] : outs) as tf.Tensor;
      const app = (await appT.data()) as Float32Array;
      tf.dispose([x, y, ...(Array.isArray(outs) ? outs : [outs])]);
      const got = await exported.logits(src, idx);
      if (got.length !== app.length) throw new Error(`the exported model gives ${got.length} logits for ${app.length} expected`);
      for (let i = 0; i < app.length; i++) maxLogitDiff = Math.max(maxLogitDiff, Math.abs(got[i]! - app[i]!));
      const pa = argmaxRows(app, meta.numClasses);
      const pe = argmaxRows(got, meta.numClasses);
      idx.forEach((sample, b) => {
        const label = src.labels[sample]!;
        if (pa[b] === label) appHits++;
        if (pe[b] === label) exportedHits++;
      });
    }
  } finally {
    await exported.close();
    model.dispose();
  }
  return {
    files: exported.files,
    split,
    count: src.count,
    appAccuracy: appHits / src.count,
    exportedAccuracy: exportedHits / src.count,
    maxLogitDiff,
    inputShape: meta.shape,
    classNames: meta.classNames,
    normalisation: norm,
  };
}
