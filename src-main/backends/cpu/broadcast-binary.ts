// Element-wise float32 arithmetic with NumPy broadcasting, for the batch-norm arithmetic of a
// training step: x [b, h, w, c] against per-channel [c] / [1, 1, 1, c] statistics, per-image
// [b, 1, 1, c] gradients (global average pooling), scalars, and same-shape tensors.
// The stock cpu kernels compute the broadcast index of every element with indexToLoc /
// locToIndex (array allocations per element) as soon as an operand has a size-1 axis.
// Here: same shapes and trailing-block repeats ([c], [1, 1, 1, c], scalars) are flat loops;
// anything else has its shapes collapsed (adjacent axes along which both operands are
// contiguous, or both broadcast, merge into one) and is walked in 2-D slabs (broadcast-slab.ts: the last two
// merged axes, strided loops; a per-row operand is read once per row) with an odometer over the
// axes above them.
// Each element is op(a, b) in double rounded to float32, exactly as the stock kernels compute it.
import { backend_util } from '@tensorflow/tfjs';

import { type BinaryOp, slab } from './broadcast-slab';

export type { BinaryOp };

interface Collapsed {
  /** Result dims after merging, outermost first. */
  dims: number[];
  /** Element strides of a and b per merged dim (0 where the operand is broadcast). */
  aStrides: number[];
  bStrides: number[];
}

/** Strides of an operand of `shape` aligned to the right of `outShape`, 0 on broadcast axes. */
function alignedStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1, o = outShape.length - 1; i >= 0; i--, o--) {
    strides[o] = shape[i] === 1 && outShape[o] !== 1 ? 0 : s;
    s *= shape[i]!;
  }
  return strides;
}

function collapse(outShape: readonly number[], aS: number[], bS: number[]): Collapsed {
  const dims: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  for (let d = 0; d < outShape.length; d++) {
    const n = outShape[d]!;
    if (n === 1) continue; // size-1 axes never move the index
    const last = dims.length - 1;
    // Merging dim d into the previous one is valid when, for both operands, stepping the
    // previous dim equals stepping n times along d (both are contiguous or both broadcast).
    if (last >= 0 && as[last] === aS[d]! * n && bs[last] === bS[d]! * n) {
      dims[last] = dims[last]! * n;
      as[last] = aS[d]!;
      bs[last] = bS[d]!;
    } else {
      dims.push(n);
      as.push(aS[d]!);
      bs.push(bS[d]!);
    }
  }
  if (dims.length === 0) return { dims: [1], aStrides: [0], bStrides: [0] };
  return { dims, aStrides: as, bStrides: bs };
}

/** Same shapes, no broadcast: plain loops V8 can check once (the most common case in gradients). */
function flat(op: BinaryOp, out: Float32Array, a: Float32Array, b: Float32Array): void {
  const n = out.length;
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
      return;
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
      return;
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
      return;
    case 'div':
      for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
      return;
  }
}

/**
 * Neither operand broadcast inside its own shape, only repeated as a trailing block (x [b, h, w, c]
 * with a per-channel [c], or a scalar): out[i] = a[i mod |a|] op b[i mod |b|], as the stock kernel
 * computes it, with wrap-around counters instead of a division per element.
 */
function repeated(op: BinaryOp, out: Float32Array, a: Float32Array, b: Float32Array): void {
  const n = out.length;
  const la = a.length;
  const lb = b.length;
  let ja = 0;
  let jb = 0;
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) {
        out[i] = a[ja]! + b[jb]!;
        if (++ja === la) ja = 0;
        if (++jb === lb) jb = 0;
      }
      return;
    case 'sub':
      for (let i = 0; i < n; i++) {
        out[i] = a[ja]! - b[jb]!;
        if (++ja === la) ja = 0;
        if (++jb === lb) jb = 0;
      }
      return;
    case 'mul':
      for (let i = 0; i < n; i++) {
        out[i] = a[ja]! * b[jb]!;
        if (++ja === la) ja = 0;
        if (++jb === lb) jb = 0;
      }
      return;
    case 'div':
      for (let i = 0; i < n; i++) {
        out[i] = a[ja]! / b[jb]!;
        if (++ja === la) ja = 0;
        if (++jb === lb) jb = 0;
      }
      return;
  }
}

/**
 * True when, leading size-1 axes aside (they are the same as absent axes), no axis of `shape`
 * (aligned right) is size 1 against a larger output axis: [c] and [1, 1, 1, c] yes, [b, 1, 1, c] no.
 */
function onlyRepeated(shape: readonly number[], outShape: readonly number[]): boolean {
  let first = 0;
  while (first < shape.length && shape[first] === 1) first++;
  for (let i = shape.length - 1, o = outShape.length - 1; i >= first; i--, o--) {
    if (shape[i] === 1 && outShape[o] !== 1) return false;
  }
  return true;
}

/** a op b with broadcasting; returns the result values and shape. */
export function broadcastBinary(op: BinaryOp, aShape: number[], a: Float32Array, bShape: number[], b: Float32Array): [Float32Array, number[]] {
  const outShape = backend_util.assertAndGetBroadcastShape(aShape, bShape);
  const size = outShape.reduce((p, n) => p * n, 1);
  const out = new Float32Array(size);
  if (size === 0) return [out, outShape];
  if (a.length === size && b.length === size) {
    flat(op, out, a, b);
    return [out, outShape];
  }
  if (onlyRepeated(aShape, outShape) && onlyRepeated(bShape, outShape)) {
    repeated(op, out, a, b);
    return [out, outShape];
  }
  const { dims, aStrides, bStrides } = collapse(outShape, alignedStrides(aShape, outShape), alignedStrides(bShape, outShape));
  // Pad to rank ≥ 2 so the last two dims form slabs; an odometer walks the dims above them.
  while (dims.length < 2) {
    dims.unshift(1);
    aStrides.unshift(0);
    bStrides.unshift(0);
  }
  const rank = dims.length;
  const outer = dims[rank - 2]!;
  const inner = dims[rank - 1]!;
  const slabSize = outer * inner;
  const idx = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < size; o += slabSize) {
    slab(op, out, o, outer, inner, a, ia, aStrides[rank - 2]!, aStrides[rank - 1]!, b, ib, bStrides[rank - 2]!, bStrides[rank - 1]!);
    for (let d = rank - 3; d >= 0; d--) {
      idx[d]!++;
      ia += aStrides[d]!;
      ib += bStrides[d]!;
      if (idx[d]! < dims[d]!) break;
      ia -= aStrides[d]! * dims[d]!;
      ib -= bStrides[d]! * dims[d]!;
      idx[d] = 0;
    }
  }
  return [out, outShape];
}
