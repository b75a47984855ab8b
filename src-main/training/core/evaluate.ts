// Evaluation on a held-out split in inference mode (BatchNorm uses moving statistics): mean
// cross-entropy, top-1 and top-5 accuracy, confusion matrix, per-class accuracy, and for
// distillation the teacher–student agreement (share of images where both predict the same class).
import * as tf from '@tensorflow/tfjs';
import { batchIndices, makeBatch, type Normalisation, type SampleSource } from './batches';
import { ceLoss } from './losses';

export interface Evaluation {
  loss: number;
  acc: number;
  top5: number | null; // only for ≥ 10 classes
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  perClassAcc: number[];
  agreement: number | null;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r)); // setTimeout(0) waits ≥ 1 ms

function logitsOf(model: tf.LayersModel, x: tf.Tensor4D): tf.Tensor2D {
  const out = model.predict(x);
  return (Array.isArray(out) ? out[0] : out) as tf.Tensor2D;
}

export async function evaluate(
  model: tf.LayersModel,
  src: SampleSource,
  norm: Normalisation,
  numClasses: number,
  teacher: tf.LayersModel | null = null,
  batchSize = 256,
): Promise<Evaluation> {
  let lossSum = 0;
  let hits1 = 0;
  let hits5 = 0;
  let agree = 0;
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const all = Uint32Array.from({ length: src.count }, (_, i) => i);
  for (const idx of batchIndices(all, batchSize)) {
    const { x, y } = makeBatch(src, idx, norm);
    const k = Math.min(5, numClasses);
    const [lossT, predT, top5T, teacherT] = tf.tidy(() => {
      const logits = logitsOf(model, x);
      const t5 = numClasses >= 10 ? tf.equal(tf.topk(logits, k).indices, y.expandDims(1)).any(1).sum() : tf.scalar(0);
      const tp = teacher ? logitsOf(teacher, x).argMax(1) : tf.scalar(-1);
      return [ceLoss(logits, y), logits.argMax(1), t5, tp];
    });
    const lossSumBatch = lossT.dataSync()[0]! * idx.length;
    const pred = predT!.dataSync();
    const top5Hits = top5T.dataSync()[0]!;
    const teacherPred = teacher ? teacherT.dataSync() : null;
    tf.dispose([lossT, predT!, top5T, teacherT]);
    const labels = y.dataSync();
    for (let i = 0; i < idx.length; i++) {
      confusion[labels[i]!]![pred[i]!]!++;
      if (pred[i] === labels[i]) hits1++;
      if (teacherPred && teacherPred[i] === pred[i]) agree++;
    }
    lossSum += lossSumBatch;
    hits5 += top5Hits;
    tf.dispose([x, y]);
    await yieldToEventLoop();
  }
  const perClassAcc = confusion.map((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n ? row[c]! / n : 0;
  });
  return {
    loss: lossSum / src.count,
    acc: hits1 / src.count,
    top5: numClasses >= 10 ? hits5 / src.count : null,
    confusion,
    perClassAcc,
    agreement: teacher ? agree / src.count : null,
  };
}
