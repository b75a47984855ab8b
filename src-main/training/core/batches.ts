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

/**
 * Training augmentation of the CIFAR recipe, applied to uint8 pixels before normalisation:
 * random crop after zero-padding by `pad` pixels (a shift in [−pad, pad] with black fill, as
 * torchvision's RandomCrop(padding=4)) and a horizontal flip with probability ½. `rand` is seeded.
 */
export interface Augmentation {
  pad: number;
  flip: boolean;
  rand: () => number;
}

/** Builds x [B, H, W, C] float32 and y [B] int32 for the samples at `indices`. */
export function makeBatch(src: SampleSource, indices: ArrayLike<number>, norm: Normalisation, augment?: Augmentation): { x: tf.Tensor4D; y: tf.Tensor1D } {
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
    labels[b] = src.labels[i]!;
    if (!augment) {
      for (let p = 0; p < size; p++) {
        const ch = p % c;
        data[out + p] = src.images[off + p]! * scale[ch]! - shift[ch]!;
      }
      continue;
    }
    const pad = augment.pad;
    const dy = pad ? Math.floor(augment.rand() * (2 * pad + 1)) - pad : 0;
    const dx = pad ? Math.floor(augment.rand() * (2 * pad + 1)) - pad : 0;
    const flip = augment.flip && augment.rand() < 0.5;
    for (let y = 0; y < h; y++) {
      const sy = y + dy;
      for (let x = 0; x < w; x++) {
        const sx = (flip ? w - 1 - x : x) + dx;
        const inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
        const o = out + (y * w + x) * c;
        const sOff = off + (sy * w + sx) * c;
        for (let ch = 0; ch < c; ch++) data[o + ch] = (inside ? src.images[sOff + ch]! : 0) * scale[ch]! - shift[ch]!;
      }
    }
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
