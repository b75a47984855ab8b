// Kernels of the batchNormTrain op (training/core/models/batch-norm-train.ts) for float32 on the
// cpu backend: batch normalisation in training mode in two passes forward (per-channel sums, then
// the normalised output) and two backward (per-channel sums of dy and dy·(x − μ), then ∂x), with
// per-channel sums in double. x is [..., C], channels last, contiguous.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL, type BatchNormTrainAttrs } from '../../training/core/models/batch-norm-train';
import { floatValues, makeOutput } from './cpu-backend';

export { BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL };

const channelsOf = (t: TensorInfo) => t.shape[t.shape.length - 1]!;

function need(v: Float32Array | null, what: string): Float32Array {
  if (!v) throw new Error(`${BN_TRAIN_KERNEL}: ${what} must be a float32 tensor`);
  return v;
}

/** y, mean and biased variance of x viewed as [N, C]. */
export function batchNormTrainValues(x: Float32Array, C: number, scale: Float32Array, offset: Float32Array, epsilon: number) {
  const N = x.length / C;
  const sum = new Float64Array(C);
  const sumSq = new Float64Array(C);
  for (let p = 0; p < x.length; p += C) {
    for (let c = 0; c < C; c++) {
      const v = x[p + c]!;
      sum[c]! += v;
      sumSq[c]! += v * v;
    }
  }
  const mean = new Float32Array(C);
  const variance = new Float32Array(C);
  const a = new Float64Array(C); // y = a·x + b per channel: γ/σ and β − μ·γ/σ
  const b = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const mu = sum[c]! / N;
    const v = Math.max(sumSq[c]! / N - mu * mu, 0);
    const inv = 1 / Math.sqrt(v + epsilon);
    mean[c] = mu;
    variance[c] = v;
    a[c] = scale[c]! * inv;
    b[c] = offset[c]! - mu * a[c]!;
  }
  const y = new Float32Array(x.length);
  for (let p = 0; p < x.length; p += C) for (let c = 0; c < C; c++) y[p + c] = a[c]! * x[p + c]! + b[c]!;
  return { y, mean, variance };
}

/** ∂x, ∂γ, ∂β of x viewed as [N, C], from the forward's mean and biased variance. */
export function batchNormTrainGradValues(
  dy: Float32Array,
  x: Float32Array,
  C: number,
  scale: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
) {
  const N = x.length / C;
  const sumDy = new Float64Array(C);
  const sumDyXmu = new Float64Array(C);
  for (let p = 0; p < x.length; p += C) {
    for (let c = 0; c < C; c++) {
      const g = dy[p + c]!;
      sumDy[c]! += g;
      sumDyXmu[c]! += g * (x[p + c]! - mean[c]!);
    }
  }
  const dScale = new Float32Array(C);
  const dOffset = new Float32Array(C);
  // ∂x = k·dy + m·x + q per channel, with k = γ·s, m = −γ·s³·Σdy(x−μ)/N, q = −k·Σdy/N − m·μ (s = 1/σ)
  const k = new Float64Array(C);
  const m = new Float64Array(C);
  const q = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const s = 1 / Math.sqrt(variance[c]! + epsilon);
    dOffset[c] = sumDy[c]!;
    dScale[c] = sumDyXmu[c]! * s;
    k[c] = scale[c]! * s;
    m[c] = (-scale[c]! * s * s * s * sumDyXmu[c]!) / N;
    q[c] = (-k[c]! * sumDy[c]!) / N - m[c]! * mean[c]!;
  }
  const dx = new Float32Array(x.length);
  for (let p = 0; p < x.length; p += C) for (let c = 0; c < C; c++) dx[p + c] = k[c]! * dy[p + c]! + m[c]! * x[p + c]! + q[c]!;
  return { dx, dScale, dOffset };
}

export const batchNormTrainKernel: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, scale, offset } = inputs as { x: TensorInfo; scale: TensorInfo; offset: TensorInfo };
  const C = channelsOf(x);
  const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
  const r = batchNormTrainValues(
    need(floatValues(backend, x), 'x'),
    C,
    need(floatValues(backend, scale), 'scale'),
    need(floatValues(backend, offset), 'offset'),
    epsilon,
  );
  return [makeOutput(backend, [...x.shape], 'float32', r.y), makeOutput(backend, [C], 'float32', r.mean), makeOutput(backend, [C], 'float32', r.variance)];
};

export const batchNormTrainGradKernel: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, x, scale, mean, variance } = inputs as Record<'dy' | 'x' | 'scale' | 'mean' | 'variance', TensorInfo>;
  const C = channelsOf(x);
  const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
  const v = (t: TensorInfo, what: string) => need(floatValues(backend, t), what);
  const r = batchNormTrainGradValues(v(dy, 'dy'), v(x, 'x'), C, v(scale, 'scale'), v(mean, 'mean'), v(variance, 'variance'), epsilon);
  return [makeOutput(backend, [...x.shape], 'float32', r.dx), makeOutput(backend, [C], 'float32', r.dScale), makeOutput(backend, [C], 'float32', r.dOffset)];
};
