// The strided 2-D slab loops of broadcast-binary.ts: out[o + r·inner + i] = a[…] op b[…] over
// one slab of a broadcast result, with one loop nest per op (each loop stays monomorphic) and
// specialised nests for unit inner strides and for a per-row scalar operand.

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/**
 * A 2-D slab of the result: out[o + r·inner + i] = a[ia + r·sa0 + i·sa1] op b[ib + r·sb0 + i·sb1].
 * One loop nest per op keeps each loop monomorphic (no call or switch per element or per row),
 * and the common unit-stride inner loop (same shapes, per-channel operands) has no multiplies.
 */
export function slab(
  op: BinaryOp,
  out: Float32Array,
  o: number,
  outer: number,
  inner: number,
  a: Float32Array,
  ia: number,
  sa0: number,
  sa1: number,
  b: Float32Array,
  ib: number,
  sb0: number,
  sb1: number,
): void {
  if (sa1 === 1 && sb1 === 1) {
    unitSlab(op, out, o, outer, inner, a, ia, sa0, b, ib, sb0);
    return;
  }
  if ((sa1 === 1 && sb1 === 0) || (sa1 === 0 && sb1 === 1)) {
    rowScalarSlab(op, out, o, outer, inner, a, ia, sa0, sa1, b, ib, sb0);
    return;
  }
  switch (op) {
    case 'add':
      for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
        for (let i = 0; i < inner; i++) out[o + i] = a[ia + i * sa1]! + b[ib + i * sb1]!;
      }
      return;
    case 'sub':
      for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
        for (let i = 0; i < inner; i++) out[o + i] = a[ia + i * sa1]! - b[ib + i * sb1]!;
      }
      return;
    case 'mul':
      for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
        for (let i = 0; i < inner; i++) out[o + i] = a[ia + i * sa1]! * b[ib + i * sb1]!;
      }
      return;
    case 'div':
      for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
        for (let i = 0; i < inner; i++) out[o + i] = a[ia + i * sa1]! / b[ib + i * sb1]!;
      }
      return;
  }
}

/** slab() with unit inner strides for both operands. */
function unitSlab(
  op: BinaryOp,
  out: Float32Array,
  o: number,
  outer: number,
  inner: number,
  a: Float32Array,
  ia: number,
  sa0: number,
  b: Float32Array,
  ib: number,
  sb0: number,
): void {
  switch (op) {
    case 'add':
      for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
        for (let i = 0; i < inner; i++) out[o + i] = a[ia + i]! + b[ib + i]!;
      }
      return;
    case 'sub':
      for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
        for (let i = 0; i < inner; i++) out[o + i] = a[ia + i]! - b[ib + i]!;
      }
      return;
    case 'mul':
      for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
        for (let i = 0; i < inner; i++) out[o + i] = a[ia + i]! * b[ib + i]!;
      }
      return;
    case 'div':
      for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
        for (let i = 0; i < inner; i++) out[o + i] = a[ia + i]! / b[ib + i]!;
      }
      return;
  }
}

/**
 * slab() where one operand holds one value per row (x [b, h, w, c] against a per-pixel
 * [b, h, w, 1]: attention-map and normalisation gradients): that value is read once per row.
 */
function rowScalarSlab(
  op: BinaryOp,
  out: Float32Array,
  o: number,
  outer: number,
  inner: number,
  a: Float32Array,
  ia: number,
  sa0: number,
  sa1: number,
  b: Float32Array,
  ib: number,
  sb0: number,
): void {
  const aRows = sa1 === 0; // a holds the per-row value, b the rows
  for (let r = 0; r < outer; r++, o += inner, ia += sa0, ib += sb0) {
    if (aRows) {
      const v = a[ia]!;
      switch (op) {
        case 'add':
          for (let i = 0; i < inner; i++) out[o + i] = v + b[ib + i]!;
          break;
        case 'sub':
          for (let i = 0; i < inner; i++) out[o + i] = v - b[ib + i]!;
          break;
        case 'mul':
          for (let i = 0; i < inner; i++) out[o + i] = v * b[ib + i]!;
          break;
        case 'div':
          for (let i = 0; i < inner; i++) out[o + i] = v / b[ib + i]!;
          break;
      }
    } else {
      const v = b[ib]!;
      switch (op) {
        case 'add':
          for (let i = 0; i < inner; i++) out[o + i] = a[ia + i]! + v;
          break;
        case 'sub':
          for (let i = 0; i < inner; i++) out[o + i] = a[ia + i]! - v;
          break;
        case 'mul':
          for (let i = 0; i < inner; i++) out[o + i] = a[ia + i]! * v;
          break;
        case 'div':
          for (let i = 0; i < inner; i++) out[o + i] = a[ia + i]! / v;
          break;
      }
    }
  }
}
