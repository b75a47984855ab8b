// Transpose (any permutation) by a strided gather instead of the stock per-element
// indexToLoc / locToIndex (two array allocations per element). The output is written in order;
// its innermost axis reads x with one fixed stride, and an odometer walks the outer axes.
// NST's gradient transposes [B, C, C] matrices; alignSpatial transposes feature maps.
// A pure copy: bit-identical to the stock kernel.
import type { KernelFunc, TransposeAttrs } from '@tensorflow/tfjs';
import { makeOutput, numericValues } from './cpu-backend';

/** out = x with axes permuted: out axis d is x axis perm[d]. */
export function transposeValues<T extends Float32Array | Int32Array>(x: T, shape: readonly number[], perm: readonly number[], out: T): void {
  const rank = shape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = x[0]!;
    return;
  }
  const xStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) xStrides[d] = xStrides[d + 1]! * shape[d + 1]!;
  const outShape = perm.map((p) => shape[p]!);
  const src = perm.map((p) => xStrides[p]!); // x stride of each out axis
  const inner = outShape[rank - 1]!;
  const step = src[rank - 1]!;
  const idx = new Array<number>(rank).fill(0);
  let s = 0;
  for (let o = 0; o < out.length; o += inner) {
    for (let i = 0, j = s; i < inner; i++, j += step) out[o + i] = x[j]!;
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]!++;
      s += src[d]!;
      if (idx[d]! < outShape[d]!) break;
      s -= src[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}

export function fastTranspose(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const { perm } = args.attrs as unknown as TransposeAttrs;
    const xv = numericValues(args.backend, x);
    if (!x || !xv || perm.length !== x.shape.length) return stock(args);
    const outShape = perm.map((p) => x.shape[p]!);
    const out = xv instanceof Float32Array ? new Float32Array(xv.length) : new Int32Array(xv.length);
    transposeValues(xv, x.shape, perm, out);
    return makeOutput(args.backend, outShape, x.dtype, out);
  };
}
