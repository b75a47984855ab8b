// Slice and PadV2 by row copies. The model zoo pads explicitly before each stride-2 conv (as
// PyTorch does), so a training step runs PadV2 forward and, as its gradient, a Slice of a
// [b, h+2, w+2, c] gradient back to [b, h, w, c]: the stock kernels move every element
// through indexToLoc / TensorBuffer.get (Slice alone was ~25 % of a fast resnet8 step).
// Both are one operation here: copy a box of `size` from src (at srcBegin) to dst (at dstBegin),
// walking the outer axes with an odometer and copying unit-stride rows of the last axis.
// SplitV (tf.split, and the gradient of every tf.concat: NST's HW×HW poly form concatenates
// along channels) is one such box per piece; the stock kernel slices through TensorBuffer.get,
// about 1 µs per element.
// Pure copies, so results are bit-identical to the stock kernels.
import { backend_util, type KernelFunc, type PadV2Attrs, type SliceAttrs, slice_util, type SplitVAttrs, util } from '@tensorflow/tfjs';
import { makeOutput, numericValues } from './cpu-backend';

type Values = Float32Array | Int32Array;

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

/** dst[dstBegin + i] = src[srcBegin + i] for every index i of the box `size` (all row-major). */
export function copyBox(
  src: Values,
  srcShape: readonly number[],
  srcBegin: readonly number[],
  dst: Values,
  dstShape: readonly number[],
  dstBegin: readonly number[],
  size: readonly number[],
): void {
  const rank = size.length;
  if (size.some((n) => n === 0)) return;
  if (rank === 0) {
    dst[0] = src[0]!;
    return;
  }
  const ss = stridesOf(srcShape);
  const ds = stridesOf(dstShape);
  let s = 0;
  let o = 0;
  for (let d = 0; d < rank; d++) {
    s += srcBegin[d]! * ss[d]!;
    o += dstBegin[d]! * ds[d]!;
  }
  const inner = size[rank - 1]!;
  const rows = size.slice(0, -1).reduce((p, n) => p * n, 1);
  const idx = new Array<number>(rank).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < inner; i++) dst[o + i] = src[s + i]!;
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]!++;
      s += ss[d]!;
      o += ds[d]!;
      if (idx[d]! < size[d]!) break;
      s -= ss[d]! * size[d]!;
      o -= ds[d]! * size[d]!;
      idx[d] = 0;
    }
  }
}

function newLike(v: Values, n: number): Values {
  return v instanceof Float32Array ? new Float32Array(n) : new Int32Array(n);
}

export function fastSlice(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const xv = numericValues(args.backend, x);
    if (!x || !xv) return stock(args);
    const { begin, size } = args.attrs as unknown as SliceAttrs;
    const [b, sz] = slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
    slice_util.assertParamsValid(x, b, sz);
    // A contiguous slice is a zero-copy view in the stock kernel: nothing to gain.
    if (slice_util.isSliceContinous(x.shape, b, sz)) return stock(args);
    const out = newLike(
      xv,
      sz.reduce((p, n) => p * n, 1),
    );
    copyBox(xv, x.shape, b, out, sz, new Array<number>(sz.length).fill(0), sz);
    return makeOutput(args.backend, sz, x.dtype, out);
  };
}

export function fastPadV2(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const xv = numericValues(args.backend, x);
    const { paddings, constantValue } = args.attrs as unknown as PadV2Attrs;
    if (!x || !xv || paddings.length !== x.shape.length) return stock(args);
    const outShape = paddings.map(([before, after], d) => before + x.shape[d]! + after);
    const out = newLike(
      xv,
      outShape.reduce((p, n) => p * n, 1),
    );
    if (constantValue !== 0) out.fill(constantValue);
    copyBox(
      xv,
      x.shape,
      new Array<number>(x.shape.length).fill(0),
      out,
      outShape,
      paddings.map(([before]) => before),
      x.shape,
    );
    return makeOutput(args.backend, outShape, x.dtype, out);
  };
}

export function fastSplitV(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const xv = numericValues(args.backend, x);
    if (!x || !xv || x.shape.length === 0) return stock(args);
    const { numOrSizeSplits, axis } = args.attrs as unknown as SplitVAttrs;
    const a = util.parseAxisParam(axis, x.shape)[0]!;
    const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, a);
    const begin = new Array<number>(x.shape.length).fill(0);
    const zero = new Array<number>(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = x.shape.map((d, i) => (i === a ? n : d));
      const out = newLike(
        xv,
        size.reduce((p, d) => p * d, 1),
      );
      copyBox(xv, x.shape, begin, out, size, zero, size);
      begin[a]! += n;
      return makeOutput(args.backend, size, x.dtype, out);
    });
  };
}
