// Kernels of the batchNormTrain op (training/core/models/batch-norm-train.ts) for float32 on the
// cpu backend: batch normalisation in training mode in two passes forward (per-channel sums, then
// the normalised output) and two backward (per-channel sums of dy and dy·(x − μ), then ∂x), with
// per-channel sums in double. x is [..., C], channels last, contiguous. With the WebAssembly
// engine installed and C a multiple of 4, the four passes run there (wasm/batch-norm.wat) and
// only the per-channel arithmetic stays here.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL, type BatchNormTrainAttrs } from '../../training/core/models/batch-norm-train';
import { floatValues, makeOutput } from './cpu-backend';
import { type ChannelPasses, fitsEngine, type GemmEngine, gemmEngine } from './gemm-engine';

export { BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL };

const channelsOf = (t: TensorInfo) => t.shape[t.shape.length - 1]!;

function need(v: Float32Array | null, what: string): Float32Array {
  if (!v) throw new Error(`${BN_TRAIN_KERNEL}: ${what} must be a float32 tensor`);
  return v;
}

/** Per-channel mean, biased variance and the forward map y = a·x + b (a = γ/σ, b = β − μ·γ/σ). */
function forwardCoefficients(sums: Float64Array, N: number, scale: Float32Array, offset: Float32Array, epsilon: number) {
  const C = scale.length;
  const mean = new Float32Array(C);
  const variance = new Float32Array(C);
  const a = new Float64Array(C);
  const b = new Float64Array(C);
  const centredB = new Float64Array(C); // β + a·(fround(μ) − μ): y = a·(x − fround(μ)) + centredB
  for (let c = 0; c < C; c++) {
    const mu = sums[c]! / N;
    const v = Math.max(sums[C + c]! / N - mu * mu, 0);
    const inv = 1 / Math.sqrt(v + epsilon);
    mean[c] = mu;
    variance[c] = v;
    a[c] = scale[c]! * inv;
    b[c] = offset[c]! - mu * a[c]!;
    centredB[c] = offset[c]! + a[c]! * (mean[c]! - mu);
  }
  return { mean, variance, a, b, centredB };
}

/**
 * ∂γ, ∂β and the backward map ∂x = k·dy + m·x + q per channel, from [Σdy, Σdy·(x − μ)]:
 * k = γ·s, m = −γ·s³·Σdy(x−μ)/N, q = −k·Σdy/N − m·μ, with s = 1/σ; also the centred form's
 * constant −k·Σdy/N, for ∂x = k·dy + m·(x − μ) − k·Σdy/N.
 */
function gradCoefficients(sums: Float64Array, N: number, scale: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number) {
  const C = scale.length;
  const dScale = new Float32Array(C);
  const dOffset = new Float32Array(C);
  const k = new Float64Array(C);
  const m = new Float64Array(C);
  const q = new Float64Array(C);
  const centredQ = new Float64Array(C); // q + m·μ, the constant of the centred form
  for (let c = 0; c < C; c++) {
    const s = 1 / Math.sqrt(variance[c]! + epsilon);
    const sumDy = sums[c]!;
    const sumDyXmu = sums[C + c]!;
    dOffset[c] = sumDy;
    dScale[c] = sumDyXmu * s;
    k[c] = scale[c]! * s;
    m[c] = (-scale[c]! * s * s * s * sumDyXmu) / N;
    centredQ[c] = (-k[c]! * sumDy) / N;
    q[c] = centredQ[c]! - m[c]! * mean[c]!;
  }
  return { dScale, dOffset, k, m, q, centredQ };
}

/** y, mean and biased variance of x viewed as [N, C]. */
export function batchNormTrainValues(x: Float32Array, C: number, scale: Float32Array, offset: Float32Array, epsilon: number) {
  const N = x.length / C;
  const passes = gemmEngine()?.batchNorm;
  if (passes && C % 4 === 0 && N > 0 && fitsEngine(2 * x.length)) return forwardOnEngine(gemmEngine()!, passes, x, C, scale, offset, epsilon);
  const sums = new Float64Array(2 * C); // Σx, then Σx²
  for (let p = 0; p < x.length; p += C) {
    for (let c = 0; c < C; c++) {
      const v = x[p + c]!;
      sums[c]! += v;
      sums[C + c]! += v * v;
    }
  }
  const { mean, variance, a, b } = forwardCoefficients(sums, N, scale, offset, epsilon);
  const y = new Float32Array(x.length);
  for (let p = 0; p < x.length; p += C) for (let c = 0; c < C; c++) y[p + c] = a[c]! * x[p + c]! + b[c]!;
  return { y, mean, variance };
}

function forwardOnEngine(engine: GemmEngine, passes: ChannelPasses, x: Float32Array, C: number, scale: Float32Array, offset: Float32Array, epsilon: number) {
  const [xe, ye, ae, me, be, scratch] = engine.views([x.length, x.length, C, C, C, 4 * C]) as Views6;
  xe.set(x);
  const { mean, variance, a, centredB } = forwardCoefficients(passes.channelStats(xe, C, scratch), x.length / C, scale, offset, epsilon);
  // y = γ/σ·(x − μ) + β, centred on the float32 μ (x − μ is then exact for x near μ) and its
  // rounding moved into the constant: float32 does not cancel when |μ| ≫ σ
  ae.set(a);
  me.set(mean);
  be.set(centredB);
  passes.channelAffine(xe, ye, C, ae, me, be);
  return { y: ye.slice(), mean, variance };
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
  const passes = gemmEngine()?.batchNorm;
  if (passes && C % 4 === 0 && N > 0 && fitsEngine(3 * x.length)) return gradOnEngine(gemmEngine()!, passes, dy, x, C, scale, mean, variance, epsilon);
  const sums = new Float64Array(2 * C); // Σdy, then Σdy·(x − μ)
  for (let p = 0; p < x.length; p += C) {
    for (let c = 0; c < C; c++) {
      const g = dy[p + c]!;
      sums[c]! += g;
      sums[C + c]! += g * (x[p + c]! - mean[c]!);
    }
  }
  const { dScale, dOffset, k, m, q } = gradCoefficients(sums, N, scale, mean, variance, epsilon);
  const dx = new Float32Array(x.length);
  for (let p = 0; p < x.length; p += C) for (let c = 0; c < C; c++) dx[p + c] = k[c]! * dy[p + c]! + m[c]! * x[p + c]! + q[c]!;
  return { dx, dScale, dOffset };
}

function gradOnEngine(
  engine: GemmEngine,
  passes: ChannelPasses,
  dy: Float32Array,
  x: Float32Array,
  C: number,
  scale: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
) {
  const [dye, xe, dxe, me, ke, mm, qe, scratch] = engine.views([x.length, x.length, x.length, C, C, C, C, 4 * C]) as Views8;
  dye.set(dy);
  xe.set(x);
  me.set(mean);
  const { dScale, dOffset, k, m, centredQ } = gradCoefficients(passes.channelGradStats(dye, xe, me, C, scratch), x.length / C, scale, mean, variance, epsilon);
  ke.set(k);
  mm.set(m);
  qe.set(centredQ); // ∂x = k·dy + m·(x − μ) − k·Σdy/N: centred, as the forward
  passes.channelAffine2(dye, xe, dxe, C, ke, mm, me, qe);
  return { dx: dxe.slice(), dScale, dOffset };
}

type Views6 = [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
type Views8 = [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];

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
