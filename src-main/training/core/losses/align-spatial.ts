// Spatial alignment of a (student, teacher) feature-map pair (docs/methods.md "Layer pairs"):
// when the sizes differ, the larger map is average-pooled down if the ratio is an integer,
// otherwise bilinearly resized to the smaller one.
// Rule per map, with target = (min(H_S, H_T), min(W_S, W_T)) so a map is only ever shrunk:
//   already the target size        → unchanged (a clone, so the caller always owns both outputs)
//   H/h and W/w both integers      → avgPool, window = stride = (H/h, W/w), 'valid'
//   otherwise                      → bilinear resize, half-pixel centres, no antialiasing
//                                    (TF2 tf.image.resize / PyTorch align_corners=False)
// The bilinear resize is written as two small interpolation matrices applied by matMul
// (rows, then columns) instead of tf.image.resizeBilinear, whose gradient on the tfjs 4.22 cpu
// backend is wrong twice over: ResizeBilinearGrad ignores halfPixelCenters (it returns the
// gradient of a different sampling) and fails with a shape error when H ≠ W. A matMul's gradient
// is exact on every backend.
import * as tf from '@tensorflow/tfjs';
import { expectFloat, expectRank, expectSameBatch } from './checks';

/**
 * @param student [B, H_S, W_S, C_S]
 * @param teacher [B, H_T, W_T, C_T]
 * @returns [student', teacher'], both [B, min(H_S, H_T), min(W_S, W_T), C]; new tensors the caller disposes
 */
export function alignSpatial(student: tf.Tensor4D, teacher: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D] {
  expectRank('alignSpatial', 'student', student, 4, '[B, H, W, C]');
  expectRank('alignSpatial', 'teacher', teacher, 4, '[B, H, W, C]');
  expectFloat('alignSpatial', 'student', student);
  expectFloat('alignSpatial', 'teacher', teacher);
  expectSameBatch('alignSpatial', ['student', student], ['teacher', teacher]);
  const h = Math.min(student.shape[1], teacher.shape[1]);
  const w = Math.min(student.shape[2], teacher.shape[2]);
  return tf.tidy(() => [shrinkTo(student, h, w), shrinkTo(teacher, h, w)]);
}

/** [B, H, W, C] → [B, h, w, C] with h ≤ H, w ≤ W, by the rule in the header. */
function shrinkTo(x: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  const [, height, width] = x.shape;
  if (height === h && width === w) return tf.clone(x);
  if (height % h === 0 && width % w === 0) {
    const window: [number, number] = [height / h, width / w];
    return tf.avgPool(x, window, window, 'valid');
  }
  return resizeBilinear(x, h, w);
}

/**
 * Bilinear resize with half-pixel centres: output index o samples input coordinate
 * (o + ½)·(in/out) − ½, between floor and ceil (clamped to the edges), as in TensorFlow's
 * resize_bilinear with half_pixel_centers = true. [B, H, W, C] → [B, h, w, C].
 */
export function resizeBilinear(x: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  const [b, height, width, c] = x.shape;
  const rows = tf.tensor2d(interpolationWeights(height, h), [h, height]); // [h, H]
  const cols = tf.tensor2d(interpolationWeights(width, w), [w, width]); // [w, W]
  const byRow = tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [height, b * width * c]); // [H, B·W·C]
  const rowsDone = tf.reshape(tf.matMul(rows, byRow), [h, b, width, c]); // [h, B, W, C]
  const byCol = tf.reshape(tf.transpose(rowsDone, [2, 1, 0, 3]), [width, b * h * c]); // [W, B·h·C]
  const colsDone = tf.reshape(tf.matMul(cols, byCol), [w, b, h, c]); // [w, B, h, C]
  return tf.transpose(colsDone, [1, 2, 0, 3]) as tf.Tensor4D; // [B, h, w, C]
}

/** Row-major [outSize, inSize] matrix of 1-D half-pixel bilinear weights (each row sums to 1). */
function interpolationWeights(inSize: number, outSize: number): Float32Array {
  const weights = new Float32Array(outSize * inSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const source = (o + 0.5) * scale - 0.5;
    const below = Math.floor(source);
    const frac = source - below;
    weights[o * inSize + Math.max(below, 0)]! += 1 - frac;
    weights[o * inSize + Math.min(Math.ceil(source), inSize - 1)]! += frac;
  }
  return weights;
}
