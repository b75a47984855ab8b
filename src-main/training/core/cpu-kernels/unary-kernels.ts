// Relu and Step (Relu's gradient mask, dy · step(x)) for float32 on the cpu backend: plain
// loops instead of the stock per-element closure call, run on every activation of every step.
// Same values as the stock kernels: Relu is max(0, x) with NaN kept, Step is 1 for x > 0,
// `alpha` otherwise, NaN for NaN.
import type { KernelFunc, StepAttrs } from '@tensorflow/tfjs';
import { floatValues, makeOutput } from './cpu-backend';

export function fastRelu(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const xv = floatValues(args.backend, x);
    if (!x || !xv) return stock(args);
    const out = new Float32Array(xv.length);
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i]!;
      out[i] = v < 0 ? 0 : v; // NaN < 0 is false: NaN passes through, as with Math.max
    }
    return makeOutput(args.backend, x.shape, 'float32', out);
  };
}

export function fastStep(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const xv = floatValues(args.backend, x);
    const { alpha } = args.attrs as unknown as StepAttrs;
    if (!x || !xv || typeof alpha !== 'number') return stock(args);
    const out = new Float32Array(xv.length);
    for (let i = 0; i < xv.length; i++) {
      const v = xv[i]!;
      out[i] = v > 0 ? 1 : v !== v ? Number.NaN : alpha;
    }
    return makeOutput(args.backend, x.shape, 'float32', out);
  };
}
