// Float32 element-wise math that the distillation terms run on feature-sized tensors: Square,
// Exp, Neg, Rsqrt, Abs, and Pow, Maximum, Minimum, SquaredDifference, Greater when both operands
// have the same shape or one of them holds a single value (a scalar exponent, ε², a threshold).
// The stock kernels call a closure per element; here each op is its own plain loop.
// Every value is the stock formula in double rounded to float32 on store (SquaredDifference
// squares the unrounded double difference, as the stock kernel does): bit-identical results.
// Other dtypes and other broadcasts go to the stock kernel.
import { backend_util, type KernelFunc } from '@tensorflow/tfjs';
import { floatValues, makeOutput } from './cpu-backend';

export type UnaryMathOp = 'square' | 'exp' | 'neg' | 'rsqrt' | 'abs';
export type BinaryMathOp = 'pow' | 'maximum' | 'minimum' | 'squaredDifference' | 'greater';

export function unaryMath(op: UnaryMathOp, x: Float32Array): Float32Array {
  const n = x.length;
  const out = new Float32Array(n);
  switch (op) {
    case 'square':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = v * v;
      }
      break;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
      break;
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = x[i]! * -1;
      break;
    case 'rsqrt':
      for (let i = 0; i < n; i++) out[i] = 1 / Math.sqrt(x[i]!);
      break;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
      break;
  }
  return out;
}

/**
 * out[i] = op(a[i], b[i]) where a single-value operand repeats (length 1 against n): as the
 * stock kernel, which reads a[i % |a|], b[i % |b|].
 */
export function binaryMath(op: BinaryMathOp, a: Float32Array, b: Float32Array, out: Float32Array | Uint8Array): void {
  const n = out.length;
  const sa = a.length === 1 && n !== 1 ? 0 : 1; // index step: 0 repeats the single value
  const sb = b.length === 1 && n !== 1 ? 0 : 1;
  switch (op) {
    case 'pow':
      for (let i = 0, ia = 0, ib = 0; i < n; i++, ia += sa, ib += sb) out[i] = Math.pow(a[ia]!, b[ib]!);
      return;
    case 'maximum':
      for (let i = 0, ia = 0, ib = 0; i < n; i++, ia += sa, ib += sb) out[i] = Math.max(a[ia]!, b[ib]!);
      return;
    case 'minimum':
      for (let i = 0, ia = 0, ib = 0; i < n; i++, ia += sa, ib += sb) out[i] = Math.min(a[ia]!, b[ib]!);
      return;
    case 'squaredDifference':
      for (let i = 0, ia = 0, ib = 0; i < n; i++, ia += sa, ib += sb) {
        const d = a[ia]! - b[ib]!;
        out[i] = d * d;
      }
      return;
    case 'greater':
      for (let i = 0, ia = 0, ib = 0; i < n; i++, ia += sa, ib += sb) out[i] = a[ia]! > b[ib]! ? 1 : 0;
      return;
  }
}

function fastUnaryMath(op: UnaryMathOp): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { x } = args.inputs;
    const xv = floatValues(args.backend, x);
    if (!x || !xv) return stock(args);
    return makeOutput(args.backend, x.shape, 'float32', unaryMath(op, xv));
  };
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

function fastBinaryMath(op: BinaryMathOp): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { a, b } = args.inputs;
    const av = floatValues(args.backend, a);
    const bv = floatValues(args.backend, b);
    if (!a || !b || !av || !bv) return stock(args);
    if (!sameShape(a.shape, b.shape) && av.length !== 1 && bv.length !== 1) return stock(args);
    const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const size = shape.reduce((p, n) => p * n, 1);
    const out = op === 'greater' ? new Uint8Array(size) : new Float32Array(size);
    binaryMath(op, av, bv, out);
    return makeOutput(args.backend, shape, op === 'greater' ? 'bool' : 'float32', out);
  };
}

export const fastSquare = fastUnaryMath('square');
export const fastExp = fastUnaryMath('exp');
export const fastNeg = fastUnaryMath('neg');
export const fastRsqrt = fastUnaryMath('rsqrt');
export const fastAbs = fastUnaryMath('abs');
export const fastPow = fastBinaryMath('pow');
export const fastMaximum = fastBinaryMath('maximum');
export const fastMinimum = fastBinaryMath('minimum');
export const fastSquaredDifference = fastBinaryMath('squaredDifference');
export const fastGreater = fastBinaryMath('greater');
