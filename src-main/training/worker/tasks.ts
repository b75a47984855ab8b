// Short worker jobs outside the training queue: export a run's model in an inference form and
// verify it (export-task.ts), and draw attention maps (AT's a = mean_c |F_c|², per image, scaled
// to 0–255) of a student and its teacher at paired taps for chosen validation images.
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { readMeta, readSplit } from '../../datasets/shard-store';
import { makeBatch } from '../core/batches';
import { outputsByTap } from '../core/train-step';
import { exportInference } from './export-task';
import { probeTerms } from './term-probe';
import { loadModelFolder, readTaps } from './model-files';
import type { TaskResults, WorkerTask } from './protocol';

async function png(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Promise<string> {
  const buf = await sharp(Buffer.from(pixels), { raw: { width, height, channels } }).png().toBuffer();
  return `data:image/png;base64,${buf.toString('base64')}`;
}

/** [B, H, W, C] → per image an H×W uint8 map of mean_c F², min–max scaled. */
function attentionImages(f: tf.Tensor4D): Uint8Array[] {
  const maps = tf.tidy(() => tf.mean(tf.square(f), 3)) as tf.Tensor3D;
  const data = maps.dataSync();
  const [b, h, w] = maps.shape;
  maps.dispose();
  return Array.from({ length: b }, (_, i) => {
    const slice = data.subarray(i * h * w, (i + 1) * h * w);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of slice) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const scale = hi > lo ? 255 / (hi - lo) : 0;
    return Uint8Array.from(slice, (v) => Math.round((v - lo) * scale));
  });
}

export async function runTask(task: WorkerTask): Promise<TaskResults[keyof TaskResults]> {
  if (task.kind === 'exportInference') return exportInference(task);
  if (task.kind === 'termProbe') return probeTerms(task);
  const meta = readMeta(task.dataset.dir);
  const val = { ...readSplit(task.dataset.dir, meta, meta.splits.val ? 'val' : 'train'), shape: meta.shape };
  const norm = { mean: meta.mean, std: meta.std };
  const bad = task.samples.find((i) => i >= val.count);
  if (bad !== undefined) throw new Error(`sample ${bad} is outside the validation split (${val.count} images)`);
  const [h, w, c] = meta.shape;
  const { x } = makeBatch(val, task.samples, norm);
  const student = await loadModelFolder(task.modelDir);
  const teacher = task.teacherModelDir ? await loadModelFolder(task.teacherModelDir) : null;
  const sOut = outputsByTap(student.predict(x), readTaps(task.modelDir) ?? ['logits']);
  const tOut = teacher ? outputsByTap(teacher.predict(x), readTaps(task.teacherModelDir!) ?? ['logits']) : null;
  const images = await Promise.all(task.samples.map((i) => png(val.images.subarray(i * h * w * c, (i + 1) * h * w * c), w, h, c === 3 ? 3 : 1)));
  const pairs: TaskResults['attention']['pairs'] = [];
  for (const p of task.pairs) {
    const s = sOut.get(p.studentTap);
    const t = tOut?.get(p.teacherTap);
    if (!s || s.rank !== 4) throw new Error(`the student has no feature tap '${p.studentTap}'`);
    if (tOut && (!t || t.rank !== 4)) throw new Error(`the teacher has no feature tap '${p.teacherTap}'`);
    const toPng = (f: tf.Tensor) => Promise.all(attentionImages(f as tf.Tensor4D).map((m) => png(m, f.shape[2]!, f.shape[1]!, 1)));
    pairs.push({ ...p, student: await toPng(s), teacher: t ? await toPng(t) : [] });
  }
  tf.dispose([x, ...sOut.values(), ...(tOut ? tOut.values() : [])]);
  student.dispose();
  teacher?.dispose();
  return { images, labels: task.samples.map((i) => val.labels[i]!), pairs };
}
