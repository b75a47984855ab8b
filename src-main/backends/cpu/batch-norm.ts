// FusedBatchNorm (tf.batchNorm: every BatchNormalization layer, training and inference) for
// float32 on the cpu backend. The stock kernel evaluates a square root and five wrap-around
// counters per element; here the per-channel square roots are taken once and the loop walks
// pixels × channels. Each element is the stock expression in the stock order,
//   y = offset + (x − mean) · scale / sqrt(variance + ε)    (in double, rounded on store)
// with the same double sqrt(variance + ε), so results are bit-identical. Parameters must hold
// one value per channel (the last axis) or a single value; anything else goes to stock.
import type { FusedBatchNormAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { floatValues, makeOutput } from './cpu-backend';

/** Per-channel parameter as doubles [C], from a [C] (or [..., C]) or single-value tensor; null if neither. */
function perChannel(values: Float32Array | null, channels: number, fill: number): Float64Array | null {
  const out = new Float64Array(channels);
  if (values === null) return out.fill(fill);
  if (values.length === channels) {
    for (let c = 0; c < channels; c++) out[c] = values[c]!;
    return out;
  }
  return values.length === 1 ? out.fill(values[0]!) : null;
}

export function batchNormValues(
  x: Float32Array,
  channels: number,
  mean: Float64Array,
  variance: Float64Array,
  scale: Float64Array,
  offset: Float64Array,
  epsilon: number,
): Float32Array {
  const out = new Float32Array(x.length);
  const root = new Float64Array(channels);
  for (let c = 0; c < channels; c++) root[c] = Math.sqrt(variance[c]! + epsilon);
  for (let p = 0; p < x.length; p += channels) {
    for (let c = 0; c < channels; c++) out[p + c] = offset[c]! + ((x[p + c]! - mean[c]!) * scale[c]!) / root[c]!;
  }
  return out;
}

export function fastBatchNorm(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, mean, variance, scale, offset } = args.inputs as Record<string, TensorInfo | undefined>;
    const { varianceEpsilon } = args.attrs as unknown as FusedBatchNormAttrs;
    const xv = floatValues(args.backend, x);
    if (!x || !xv || !mean || !variance || x.shape.length === 0) return stock(args);
    const channels = x.shape[x.shape.length - 1]!;
    const param = (t: TensorInfo | undefined, fill: number) => {
      if (!t) return perChannel(null, channels, fill);
      const v = floatValues(args.backend, t);
      return v ? perChannel(v, channels, fill) : null;
    };
    const m = param(mean, 0);
    const v = param(variance, 0);
    const s = param(scale, 1);
    const o = param(offset, 0);
    if (!m || !v || !s || !o || channels === 0) return stock(args);
    const epsilon = varianceEpsilon ?? 0.001;
    return makeOutput(args.backend, x.shape, 'float32', batchNormValues(xv, channels, m, v, s, o, epsilon));
  };
}
