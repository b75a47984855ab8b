// BatchMatMul (tf.matMul on rank ≥ 2, and the gradient of every matMul) for float32 on the cpu
// backend, through the blocked gemm of the convolutions instead of the stock triple loop.
//   a [...batch, M, K] (or [..., K, M] with transposeA), b [...batch, K, N] (or [..., N, K] with
//   transposeB) → c [...batch, M, N];  c[i] = op(a[i]) · op(b[i])
// NST's kernel matrices are X̂ᵀŶ over [B, HW, C] samples, and a matMul's gradient is matMuls
// with transposes, so all four transpose combinations are covered. Per batch item both operands
// are packed as float64 rows along K (op(a) [M, K] and op(b)ᵀ [N, K], a copy or a transposing
// copy) and gemmNT runs unit-stride dot products. A tensor multiplied by itself with opposite
// transposes (XᵀX, XXᵀ: Gram matrices) packs once and computes only the upper triangle
// (gramNT), bit-identical to the full product. XᵀY with small per-item operands (NST's [HW, C]
// samples, their Gram matrices XᵀX too) skips the transposing pack and reads the float32 operands
// in place (gemm-tn.ts): the same double sums, bit for bit.
// With a gemm engine installed (gemm-engine.ts: WebAssembly SIMD) the products run there
// instead (batch-matmul-engine.ts), in float32.
// Sums run in double, rounded once to float32 (the stock kernel rounds a float32 running sum
// every 50 terms): results agree with it to float32 rounding of the sums, not bit for bit.
// Batch dims must be equal or one side's must all be 1 (broadcast); anything else, and non-float32
// inputs, go to the stock kernel.
// _FusedMatMul (dense layers, tf.fused.matMul) is the same product followed in place by the
// stock kernel's bias add and activation (epilogue.ts), for a bias of one value per column or
// of the output's full shape, and linear / relu / relu6 / leakyrelu activations.
import type { _FusedMatMulAttrs, BatchMatMulAttrs, KernelFunc } from '@tensorflow/tfjs';
import { floatValues, makeOutput } from './cpu-backend';
import { batchMatMulOn, type BatchProduct } from './batch-matmul-engine';
import { applyEpilogue, type Epilogue, isFusedActivation, NO_EPILOGUE } from './epilogue';
import { gemmNT, gramNT } from './gemm';
import { gemmEngine } from './gemm-engine';
import { gemmTN } from './gemm-tn';

/** Shape facts of one batched product, with the output shape. */
export interface MatMulPlan extends BatchProduct {
  outShape: number[];
}

const prod = (xs: readonly number[]) => xs.reduce((p, n) => p * n, 1);

/** Null when the shapes are not covered (the stock kernel then reports any error). */
export function planMatMul(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  const ra = aShape.length;
  const rb = bShape.length;
  if (ra < 2 || rb < 2) return null;
  const M = transposeA ? aShape[ra - 1]! : aShape[ra - 2]!;
  const K = transposeA ? aShape[ra - 2]! : aShape[ra - 1]!;
  const kB = transposeB ? bShape[rb - 1]! : bShape[rb - 2]!;
  const N = transposeB ? bShape[rb - 2]! : bShape[rb - 1]!;
  if (K !== kB) return null;
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const batchA = prod(outerA);
  const batchB = prod(outerB);
  let outer: readonly number[];
  if (outerA.length === outerB.length && outerA.every((n, i) => n === outerB[i])) outer = outerA;
  else if (batchB === 1 && outerA.length >= outerB.length) outer = outerA;
  else if (batchA === 1 && outerB.length >= outerA.length) outer = outerB;
  else return null;
  return { batch: Math.max(batchA, batchB), batchA, batchB, M, N, K, transposeA, transposeB, outShape: [...outer, M, N] };
}

/**
 * Rows of op(x) along K as float64: rows × K from x[off ..], which holds [rows, K] when
 * `alongK` (a plain copy) or [K, rows] otherwise (a transposing copy).
 */
function pack(x: Float32Array, off: number, rows: number, K: number, alongK: boolean, out: Float64Array): void {
  if (alongK) {
    for (let i = 0; i < rows * K; i++) out[i] = x[off + i]!;
    return;
  }
  for (let k = 0; k < K; k++) {
    const src = off + k * rows;
    for (let i = 0, o = k; i < rows; i++, o += K) out[o] = x[src + i]!;
  }
}

/**
 * op(a) = aᵀ times a plain b (XᵀY over [HW, C] samples) with per-item operands of at most this
 * many values each is read in place by gemmTN: they stay in cache whatever the stride, and
 * packing would be a transposing copy of a (measured on NST's [64, 196, 32] pairs: 9.6 → 7.8 ms).
 * Every other case packs: a plain float64 copy costs less than float32 reads in place save
 * (7.6 vs 8.4 ms for [196, 32]·[32, 32]), and large operands want gemmNT's panel blocking.
 */
const IN_PLACE_MAX_VALUES = 32 * 1024;

/** c = op(a) · op(b) per batch item (plan from planMatMul); `same` = a and b are one tensor. */
export function batchMatMul(a: Float32Array, b: Float32Array, plan: MatMulPlan, same: boolean): Float32Array {
  const engine = gemmEngine();
  if (engine) return batchMatMulOn(engine, a, b, plan);
  const { batch, batchA, batchB, M, N, K, transposeA, transposeB } = plan;
  const c = new Float32Array(batch * M * N);
  if (c.length === 0 || K === 0) return c;
  // op(a) rows are a's rows unless transposed; gemmNT wants op(b)ᵀ, i.e. b's rows when transposed.
  const gram = same && batchA === batchB && transposeA !== transposeB && M === N;
  if (transposeA && !transposeB && M * K <= IN_PLACE_MAX_VALUES && N * K <= IN_PLACE_MAX_VALUES) {
    // a [K, M] and b [K, N] per item, read in place; a Gram matrix (XᵀX) computes half.
    for (let i = 0; i < batch; i++) {
      gemmTN(M, N, K, a, batchA === 1 ? 0 : i * M * K, b, batchB === 1 ? 0 : i * N * K, c, i * M * N, gram);
    }
    return c;
  }
  const packedA = new Float64Array(M * K);
  const packedB = gram ? packedA : new Float64Array(N * K);
  for (let i = 0; i < batch; i++) {
    if (i < batchA) pack(a, i * M * K, M, K, !transposeA, packedA);
    if (gram) {
      gramNT(N, K, packedA, 0, c, i * M * N);
      continue;
    }
    if (i < batchB) pack(b, i * N * K, N, K, transposeB, packedB);
    gemmNT(M, N, K, packedA, 0, packedB, 0, c, i * M * N, false);
  }
  return c;
}

export function fastBatchMatMul(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const av = floatValues(args.backend, a);
    const bv = floatValues(args.backend, b);
    if (!a || !b || !av || !bv) return stock(args);
    const plan = planMatMul(a.shape, b.shape, Boolean(transposeA), Boolean(transposeB));
    if (!plan) return stock(args);
    return makeOutput(args.backend, plan.outShape, 'float32', batchMatMul(av, bv, plan, sameTensor(a, b)));
  };
}

/** One tensor twice (a reshape shares the data under another shape: require the same shape too). */
function sameTensor(a: { dataId: object; shape: number[] }, b: { dataId: object; shape: number[] }): boolean {
  return a.dataId === b.dataId && a.shape.length === b.shape.length && a.shape.every((n, i) => n === b.shape[i]);
}

export function fastFusedMatMul(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const attrs = args.attrs as unknown as _FusedMatMulAttrs;
    const av = floatValues(args.backend, a);
    const bv = floatValues(args.backend, b);
    if (!a || !b || !av || !bv || preluActivationWeights || !isFusedActivation(attrs.activation)) return stock(args);
    if (attrs.activation === 'leakyrelu' && typeof attrs.leakyreluAlpha !== 'number') return stock(args);
    const plan = planMatMul(a.shape, b.shape, Boolean(attrs.transposeA), Boolean(attrs.transposeB));
    if (!plan) return stock(args);
    const biasValues = bias ? floatValues(args.backend, bias) : null;
    const kind = bias ? biasKind(bias.shape, biasValues, plan) : 'none';
    if (kind === null) return stock(args);
    const size = plan.outShape.reduce((p, n) => p * n, 1);
    const c = batchMatMul(av, bv, plan, sameTensor(a, b));
    if (kind === 'full') for (let i = 0; i < size; i++) c[i] = c[i]! + biasValues![i]!;
    const epilogue: Epilogue = {
      ...NO_EPILOGUE,
      bias: kind === 'column' ? biasValues : null,
      activation: attrs.activation ?? 'linear',
      leakyreluAlpha: attrs.leakyreluAlpha ?? 0,
    };
    if (plan.N > 0) applyEpilogue(c, 0, size, plan.N, epilogue);
    return makeOutput(args.backend, plan.outShape, 'float32', c);
  };
}

/**
 * How a bias broadcasts onto the product [..., M, N]: 'full' (same shape), 'column' (one value,
 * or one per column with size-1 axes above), or null (anything else: the stock kernel).
 */
function biasKind(shape: readonly number[], values: Float32Array | null, plan: MatMulPlan): 'full' | 'column' | null {
  if (!values || shape.length > plan.outShape.length) return null;
  if (shape.length === plan.outShape.length && shape.every((n, i) => n === plan.outShape[i])) return 'full';
  if (values.length === 1) return 'column';
  if (values.length === plan.N && shape.slice(0, -1).every((n) => n === 1)) return 'column';
  return null;
}
