// Tile (repeat a tensor along each axis) by block copies instead of the stock per-element
// index arithmetic. Batch norm's gradient tiles [1, 1, 1, c] statistics to [b, h, w, c].
// Recursive on axes: the innermost axis is built by repeated copies of x's row, every outer
// axis by copying the block already written (copyWithin), so each output float is written once.
import type { KernelFunc, TileAttrs } from '@tensorflow/tfjs';
import { makeOutput, numericValues } from './cpu-backend';

export function tileValues<T extends Float32Array | Int32Array>(x: T, shape: readonly number[], reps: readonly number[], out: T): void {
  const rank = shape.length;
  const outShape = shape.map((n, i) => n * reps[i]!);
  const xStrides = new Array<number>(rank).fill(1);
  const oStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) {
    xStrides[d] = xStrides[d + 1]! * shape[d + 1]!;
    oStrides[d] = oStrides[d + 1]! * outShape[d + 1]!;
  }
  const fill = (d: number, xOff: number, oOff: number): void => {
    const n = shape[d]!;
    if (d === rank - 1) {
      for (let i = 0; i < n; i++) out[oOff + i] = x[xOff + i]!;
    } else {
      for (let i = 0; i < n; i++) fill(d + 1, xOff + i * xStrides[d]!, oOff + i * oStrides[d]!);
    }
    // The first copy of axis d spans n · oStrides[d] floats; repeat it reps[d] − 1 more times.
    const block = n * oStrides[d]!;
    for (let r = 1; r < reps[d]!; r++) out.copyWithin(oOff + r * block, oOff, oOff + block);
  };
  fill(0, 0, 0);
}

export function fastTile(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const { reps } = args.attrs as unknown as TileAttrs;
    const xv = numericValues(args.backend, x);
    if (!x || !xv || x.shape.length === 0 || reps.length !== x.shape.length) return stock(args);
    const outShape = x.shape.map((n, i) => n * reps[i]!);
    const size = outShape.reduce((p, n) => p * n, 1);
    const out = xv instanceof Float32Array ? new Float32Array(size) : new Int32Array(size);
    if (size > 0) tileValues(xv, x.shape, reps, out);
    return makeOutput(args.backend, outShape, x.dtype, out);
  };
}
