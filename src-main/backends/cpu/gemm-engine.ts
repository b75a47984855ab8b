// Injection point for a faster float32 matrix product than the JS gemm (gemm.ts): the
// WebAssembly SIMD engine of src-main/backends/wasm, which core cannot import (core stays free
// of runtime specifics). The worker, tests and benchmarks install one with setGemmEngine(); when
// none is installed (no WebAssembly SIMD, or DISTILL_STUDIO_KERNELS=js) the convolution and
// matMul kernels keep their JS path. Operands live in the engine's own memory, so callers ask
// for views, write their operands there (im2col writes straight into them) and read C back.
// An engine may also do the convolutions' im2col / col2im in its memory (the WebAssembly one
// does, with vector copies), batch norm's per-channel passes, max pooling and the element-wise
// passes of engine-elementwise.ts; without those, conv-engine.ts runs im2col.ts's JS loops, and
// batch-norm-train.ts, max-pool.ts and the element-wise kernels their own.
import type { ConvGeometry } from './conv-geometry';

export interface GemmEngine {
  /** Short description for logs and the System screen, e.g. "wasm-simd (relaxed FMA)". */
  readonly name: string;
  /**
   * Float32 views of engine memory, one per requested length, non-overlapping. They are valid
   * until the next views() call (the memory may grow and detach older views).
   */
  views(lengths: readonly number[]): Float32Array[];
  /**
   * C (+)= A · Bᵀ over views from views():
   *   C(i, j) = Σ_k A(i, k) · B(j, k)   i < M, j < N, k < K
   *   A(i, k) = a[i·rsA + k·csA]   B(j, k) = b[j·rsB + k·csB]   C(i, j) = c[i·ldc + j]
   * Sums are float32 (fused multiply-adds where available); `accumulate` adds onto C.
   */
  gemm(
    M: number,
    N: number,
    K: number,
    a: Float32Array,
    rsA: number,
    csA: number,
    b: Float32Array,
    rsB: number,
    csB: number,
    c: Float32Array,
    ldc: number,
    accumulate: boolean,
  ): void;
  /** cols [rows·outW, patch] ← patches of x for global output rows row0 .. row0 + rows − 1 (views). */
  im2colRows?(x: Float32Array, g: ConvGeometry, row0: number, rows: number, cols: Float32Array): void;
  /** dx += the adjoint of im2colRows applied to cols (views). */
  col2imRows?(cols: Float32Array, g: ConvGeometry, row0: number, rows: number, dx: Float32Array): void;
  /** Batch norm's passes over views of [n, C] with C a multiple of 4. */
  readonly batchNorm?: ChannelPasses;
  /** Max pooling over views, NHWC with C a multiple of 4 (max-pool.ts checks the rest). */
  readonly pooling?: PoolPasses;
  /** ReLU, its gradient, bias adds and per-channel sums over views (engine-elementwise.ts). */
  readonly elementwise?: ElementwisePasses;
}

/** Element-wise passes over engine views with the stock kernels' values, bit for bit. */
export interface ElementwisePasses {
  /** y = max(x, 0): NaN stays NaN, −0 gives +0 (the stock Relu); y may be x. */
  relu(x: Float32Array, y: Float32Array): void;
  /** out = dy · s(x), s = 1 for x > 0, 0 for x ≤ 0, NaN for NaN x (ReLU's gradient); out may be dy or x. */
  reluGrad(dy: Float32Array, x: Float32Array, out: Float32Array): void;
  /** y [n, C] += bias [C] row by row, C = bias.length a multiple of 4. */
  biasAdd(y: Float32Array, bias: Float32Array): void;
  /** Σ_r x[r, c] per channel in float64, rows in order, over x [n, C] (C % 4 === 0); scratch ≥ 2C floats. */
  channelSums(x: Float32Array, C: number, scratch: Float32Array): Float64Array;
}

/** A pooling's shape, channels last. */
export interface PoolGeometry {
  batch: number;
  inH: number;
  inW: number;
  C: number;
  outH: number;
  outW: number;
  strideH: number;
  strideW: number;
  winH: number;
  winW: number;
  padTop: number;
  padLeft: number;
}

/** Max pooling's kernels with the stock semantics (first maximum wins, NaN never does). */
export interface PoolPasses {
  maxPool(x: Float32Array, y: Float32Array, g: PoolGeometry): void;
  /** dx += dy at each window's first maximum; windows must not overlap; dx zeroed by the caller. */
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, g: PoolGeometry): void;
}

/** Per-channel passes over x [n, C] (all arrays are engine views; C % 4 === 0). */
export interface ChannelPasses {
  /** [Σx, Σx²] per channel in float64 (length 2C); scratch: ≥ 4C floats. */
  channelStats(x: Float32Array, C: number, scratch: Float32Array): Float64Array;
  /** [Σdy, Σdy·(x − mean)] per channel in float64 (length 2C). */
  channelGradStats(dy: Float32Array, x: Float32Array, mean: Float32Array, C: number, scratch: Float32Array): Float64Array;
  /** y = a·(x − mu) + b per channel. */
  channelAffine(x: Float32Array, y: Float32Array, C: number, a: Float32Array, mu: Float32Array, b: Float32Array): void;
  /** dx = k·dy + m·(x − mu) + q per channel. */
  channelAffine2(dy: Float32Array, x: Float32Array, dx: Float32Array, C: number, k: Float32Array, m: Float32Array, mu: Float32Array, q: Float32Array): void;
}

/**
 * Most floats a kernel places in engine memory for whole tensors (x for im2col, dx for col2im,
 * batch norm's and max pooling's operands): 32 Mi floats, 128 MiB. Engine memory grows to its
 * largest use and never shrinks, and the shared (threaded) memory stops at 1 GiB, so bigger
 * tensors take the JS loops instead.
 */
export const ENGINE_TENSOR_BUDGET_FLOATS = 32 * 1024 * 1024;

/** Whether whole-tensor operands of `floats` floats in all may go into engine memory. */
export function fitsEngine(floats: number): boolean {
  return floats <= ENGINE_TENSOR_BUDGET_FLOATS;
}

let current: GemmEngine | null = null;

/** Install the engine the convolution and matMul kernels use (null: the JS gemm). */
export function setGemmEngine(engine: GemmEngine | null): void {
  current = engine;
}

export function gemmEngine(): GemmEngine | null {
  return current;
}
