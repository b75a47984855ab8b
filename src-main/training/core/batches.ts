// Turns uint8 samples into normalised float batches on demand, so no float copy of the whole
// dataset ever exists. x = (pixel/255 − mean_c) / std_c per channel (dataset statistics).
import * as tf from '@tensorflow/tfjs';

export interface SampleSource {
  images: Uint8Array; // [count, H, W, C]
  labels: Uint8Array; // [count]
  count: number;
  shape: [number, number, number];
}

export interface Normalisation {
  mean: number[];
  std: number[];
}

/** Builds x [B, H, W, C] float32 and y [B] int32 for the samples at `indices`. */
export function makeBatch(
  src: SampleSource,
  indices: ArrayLike<number>,
  norm: Normalisation,
): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const [h, w, c] = src.shape;
  const size = h * w * c;
  const n = indices.length;
  const data = new Float32Array(n * size);
  const labels = new Int32Array(n);
  const scale = norm.std.map((s) => 1 / (255 * s));
  const shift = norm.mean.map((m, k) => m / norm.std[k]!);
  for (let b = 0; b < n; b++) {
    const i = indices[b]!;
    const off = i * size;
    const out = b * size;
    for (let p = 0; p < size; p++) {
      const ch = p % c;
      data[out + p] = src.images[off + p]! * scale[ch]! - shift[ch]!;
    }
    labels[b] = src.labels[i]!;
  }
  return { x: tf.tensor4d(data, [n, h, w, c]), y: tf.tensor1d(labels, 'int32') };
}

/** Splits 0..count-1 (in the given order) into consecutive batches; the last may be smaller. */
export function batchIndices(order: ArrayLike<number>, batchSize: number, dropLast = false): Uint32Array[] {
  const out: Uint32Array[] = [];
  for (let s = 0; s < order.length; s += batchSize) {
    const e = Math.min(s + batchSize, order.length);
    if (dropLast && e - s < batchSize && out.length > 0) break;
    out.push(Uint32Array.from({ length: e - s }, (_, k) => order[s + k]!));
  }
  return out;
}
