// The fused optimizer updates of training/core/optimizer-kernels.ts for the cpu backend: one pass
// per variable over w, g and the optimizer's slots, writing the new weights and slots, instead of
// the six (SGD) or twelve (Adam) element-wise ops of optimizers.ts, each a pass writing a new
// tensor. Each step is rounded to float32 with Math.fround exactly where the op chain's kernels
// round it (they compute in double and store float32), and the hyper-parameters are rounded as
// the chain's float32 scalar tensors hold them, so the values are the chain's bit for bit
// (test/unit/backends/cpu/optimizer-updates.test.ts).
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs, SGD_UPDATE_KERNEL, type SgdUpdateAttrs } from '../../training/core/optimizer-kernels';
import { floatValues, makeOutput } from './cpu-backend';

export { ADAM_UPDATE_KERNEL, SGD_UPDATE_KERNEL };

const fr = Math.fround;

/** The float32 values of `names` in `inputs`, all of one length; throws naming the kernel otherwise. */
function operands(kernel: string, backend: unknown, inputs: Record<string, TensorInfo | undefined>, names: readonly string[]): Float32Array[] {
  const values = names.map((n) => floatValues(backend, inputs[n]));
  const n = values[0]?.length;
  if (values.some((v) => !v || v.length !== n)) throw new Error(`${kernel}: ${names.join(', ')} must be float32 tensors of one shape`);
  return values as Float32Array[];
}

export const sgdUpdateKernel: KernelFunc = ({ inputs, attrs, backend }) => {
  const [w, g, v] = operands(SGD_UPDATE_KERNEL, backend, inputs, ['w', 'g', 'v']) as [Float32Array, Float32Array, Float32Array];
  const a = attrs as unknown as SgdUpdateAttrs;
  const [lr, mu, wd] = [fr(a.lr), fr(a.momentum), fr(a.weightDecay)];
  const decay = a.weightDecay > 0;
  const n = w.length;
  const w1 = new Float32Array(n);
  const v1 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    const g1 = decay ? fr(g[i]! + fr(wi * wd)) : g[i]!;
    const vi = fr(fr(v[i]! * mu) + g1);
    const d = a.nesterov ? fr(g1 + fr(vi * mu)) : vi;
    v1[i] = vi;
    w1[i] = wi - fr(d * lr);
  }
  const shape = [...inputs.w!.shape];
  return [makeOutput(backend, shape, 'float32', w1), makeOutput(backend, shape, 'float32', v1)];
};

export const adamUpdateKernel: KernelFunc = ({ inputs, attrs, backend }) => {
  const [w, g, m, v] = operands(ADAM_UPDATE_KERNEL, backend, inputs, ['w', 'g', 'm', 'v']) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const a = attrs as unknown as AdamUpdateAttrs;
  const [lr, b1, b2, eps, wd] = [fr(a.lr), fr(a.beta1), fr(a.beta2), fr(a.epsilon), fr(a.weightDecay)];
  const [rest1, rest2, c1, c2] = [fr(1 - a.beta1), fr(1 - a.beta2), fr(a.c1), fr(a.c2)];
  const decay = a.weightDecay > 0;
  const n = w.length;
  const w1 = new Float32Array(n);
  const m1 = new Float32Array(n);
  const v1 = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    const g1 = decay ? fr(g[i]! + fr(wi * wd)) : g[i]!;
    const mi = fr(fr(m[i]! * b1) + fr(g1 * rest1));
    const vi = fr(fr(v[i]! * b2) + fr(fr(g1 * g1) * rest2));
    const u = fr(fr(mi / c1) / fr(fr(Math.sqrt(fr(vi / c2))) + eps));
    m1[i] = mi;
    v1[i] = vi;
    w1[i] = wi - fr(u * lr);
  }
  const shape = [...inputs.w!.shape];
  return [makeOutput(backend, shape, 'float32', w1), makeOutput(backend, shape, 'float32', m1), makeOutput(backend, shape, 'float32', v1)];
};
