// BatchMatMul on an injected float32 gemm engine (gemm-engine.ts, the WebAssembly SIMD one):
// both operands are copied into engine memory once for the whole batch and each item's product
// reads them through strides, so the four transpose combinations (NST's XᵀY and XᵀX, a
// matMul's gradients) need no packing copy. Float32 sums, like the stock kernel.
import type { GemmEngine } from './gemm-engine';

/** Shape facts of one batched product (1 in batchA / batchB: that operand is broadcast). */
export interface BatchProduct {
  batch: number;
  batchA: number;
  batchB: number;
  M: number;
  N: number;
  K: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** c = op(a) · op(b) per batch item, [batch, M, N]. */
export function batchMatMulOn(engine: GemmEngine, a: Float32Array, b: Float32Array, plan: BatchProduct): Float32Array {
  const { batch, batchA, batchB, M, N, K, transposeA, transposeB } = plan;
  const c = new Float32Array(batch * M * N);
  if (c.length === 0 || K === 0) return c;
  const [av, bv, cv] = engine.views([batchA * M * K, batchB * N * K, batch * M * N]) as [Float32Array, Float32Array, Float32Array];
  av.set(a.subarray(0, batchA * M * K));
  bv.set(b.subarray(0, batchB * N * K));
  // op(a)(i, k): a item [M, K] (rows along K) or [K, M] (transposed: read down columns).
  const [rsA, csA] = transposeA ? [1, M] : [K, 1];
  // The engine wants B(j, k) = op(b)(k, j): b item [K, N] (read down columns) or [N, K].
  const [rsB, csB] = transposeB ? [K, 1] : [1, N];
  for (let i = 0; i < batch; i++) {
    const ai = av.subarray(batchA === 1 ? 0 : i * M * K);
    const bi = bv.subarray(batchB === 1 ? 0 : i * N * K);
    engine.gemm(M, N, K, ai, rsA, csA, bi, rsB, csB, cv.subarray(i * M * N), N, false);
  }
  c.set(cv);
  return c;
}
