// Cache-blocked matrix product for the pure-JS cpu kernels, in the "NT" form every
// convolution and batched matMul reduces to (callers: conv-forward, conv-backprop-input,
// conv-backprop-filter, batch-matmul; gramNT is the symmetric A·Aᵀ case):
//   C[M, N] (+)= A[M, K] · B[N, K]ᵀ      A, B, C row-major; rows of A and B are contiguous in K
// Both operands are read along K with unit stride, so the inner loop is a pair of streams.
// A 4×4 block of C lives in 16 local variables (registers) for the whole K loop: 8 loads per
// 16 multiply-adds instead of 2 loads + 1 store per multiply-add in the naive triple loop.
// Operands are float64 copies (im2col writes them anyway): V8 then loads them without a
// float32 → float64 conversion per element, ~15 % faster than reading Float32Arrays. Sums are
// accumulated in doubles (JS numbers) and rounded once on store when C is float32. B is walked in panels that fit in L2 so a panel is reused by every row block
// of A before it is evicted. No SIMD or threads exist for synchronous JS kernels; this is
// the portable part of a BLAS micro-kernel.

/** Floats of B per panel: 64 Ki floats = 256 KiB, well inside a 1–2 MiB per-core L2. */
const PANEL_FLOATS = 64 * 1024;

/**
 * C[cOff + i·N + j] = Σ_k A[aOff + i·K + k] · B[bOff + j·K + k]   (or += when `accumulate`).
 * C may be float32 (the output tensor) or float64 (an accumulator across calls).
 */
export function gemmNT(
  M: number,
  N: number,
  K: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float32Array | Float64Array,
  cOff: number,
  accumulate: boolean,
): void {
  const panel = Math.max(4, Math.floor(PANEL_FLOATS / Math.max(1, K)) & ~3);
  for (let j0 = 0; j0 < N; j0 += panel) {
    const j1 = Math.min(N, j0 + panel);
    let i = 0;
    for (; i + 4 <= M; i += 4) rowBlock4(i, j0, j1, N, K, a, aOff, b, bOff, c, cOff, accumulate);
    for (; i < M; i++) rowBlock1(i, j0, j1, N, K, a, aOff, b, bOff, c, cOff, accumulate);
  }
}

/**
 * C[cOff + i·N + j] = Σ_k A[aOff + i·K + k] · A[aOff + j·K + k]: the Gram matrix A·Aᵀ [N, N]
 * (BatchMatMul of a tensor with itself, XᵀX or XXᵀ). Only 4-row blocks on and above the
 * diagonal are computed, about half the work; the rest is mirrored. Every entry is the same
 * k-ordered double sum gemmNT would form (x·y = y·x exactly), so the result is bit-identical to
 * gemmNT(N, N, K, a, aOff, a, aOff, …).
 */
export function gramNT(N: number, K: number, a: Float64Array, aOff: number, c: Float32Array | Float64Array, cOff: number): void {
  const panel = Math.max(4, Math.floor(PANEL_FLOATS / Math.max(1, K)) & ~3);
  for (let j0 = 0; j0 < N; j0 += panel) {
    const j1 = Math.min(N, j0 + panel);
    let i = 0;
    for (; i + 4 <= N && i < j1; i += 4) rowBlock4(i, Math.max(j0, i), j1, N, K, a, aOff, a, aOff, c, cOff, false);
    for (; i < N && i < j1; i++) rowBlock1(i, Math.max(j0, i & ~3), j1, N, K, a, aOff, a, aOff, c, cOff, false);
  }
  // Row i was computed for columns ≥ (i & ~3), the first row of its block; mirror the rest.
  for (let i = 0; i < N; i++) {
    const top = i & ~3;
    for (let j = 0; j < top; j++) c[cOff + i * N + j] = c[cOff + j * N + i]!;
  }
}

/** Rows i..i+3 of C, columns j0..j1-1: 4×4 register blocks, then a 4×1 tail. */
function rowBlock4(
  i: number,
  j0: number,
  j1: number,
  N: number,
  K: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float32Array | Float64Array,
  cOff: number,
  accumulate: boolean,
): void {
  const a0 = aOff + i * K;
  const a1 = a0 + K;
  const a2 = a1 + K;
  const a3 = a2 + K;
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const b0 = bOff + j * K;
    const b1 = b0 + K;
    const b2 = b1 + K;
    const b3 = b2 + K;
    let c00 = 0,
      c01 = 0,
      c02 = 0,
      c03 = 0;
    let c10 = 0,
      c11 = 0,
      c12 = 0,
      c13 = 0;
    let c20 = 0,
      c21 = 0,
      c22 = 0,
      c23 = 0;
    let c30 = 0,
      c31 = 0,
      c32 = 0,
      c33 = 0;
    for (let k = 0; k < K; k++) {
      const x0 = a[a0 + k]!,
        x1 = a[a1 + k]!,
        x2 = a[a2 + k]!,
        x3 = a[a3 + k]!;
      let y = b[b0 + k]!;
      c00 += x0 * y;
      c10 += x1 * y;
      c20 += x2 * y;
      c30 += x3 * y;
      y = b[b1 + k]!;
      c01 += x0 * y;
      c11 += x1 * y;
      c21 += x2 * y;
      c31 += x3 * y;
      y = b[b2 + k]!;
      c02 += x0 * y;
      c12 += x1 * y;
      c22 += x2 * y;
      c32 += x3 * y;
      y = b[b3 + k]!;
      c03 += x0 * y;
      c13 += x1 * y;
      c23 += x2 * y;
      c33 += x3 * y;
    }
    let o = cOff + i * N + j;
    if (accumulate) {
      c[o]! += c00;
      c[o + 1]! += c01;
      c[o + 2]! += c02;
      c[o + 3]! += c03;
      o += N;
      c[o]! += c10;
      c[o + 1]! += c11;
      c[o + 2]! += c12;
      c[o + 3]! += c13;
      o += N;
      c[o]! += c20;
      c[o + 1]! += c21;
      c[o + 2]! += c22;
      c[o + 3]! += c23;
      o += N;
      c[o]! += c30;
      c[o + 1]! += c31;
      c[o + 2]! += c32;
      c[o + 3]! += c33;
    } else {
      c[o] = c00;
      c[o + 1] = c01;
      c[o + 2] = c02;
      c[o + 3] = c03;
      o += N;
      c[o] = c10;
      c[o + 1] = c11;
      c[o + 2] = c12;
      c[o + 3] = c13;
      o += N;
      c[o] = c20;
      c[o + 1] = c21;
      c[o + 2] = c22;
      c[o + 3] = c23;
      o += N;
      c[o] = c30;
      c[o + 1] = c31;
      c[o + 2] = c32;
      c[o + 3] = c33;
    }
  }
  for (; j < j1; j++) {
    const b0 = bOff + j * K;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let k = 0; k < K; k++) {
      const y = b[b0 + k]!;
      s0 += a[a0 + k]! * y;
      s1 += a[a1 + k]! * y;
      s2 += a[a2 + k]! * y;
      s3 += a[a3 + k]! * y;
    }
    const o = cOff + i * N + j;
    if (accumulate) {
      c[o]! += s0;
      c[o + N]! += s1;
      c[o + 2 * N]! += s2;
      c[o + 3 * N]! += s3;
    } else {
      c[o] = s0;
      c[o + N] = s1;
      c[o + 2 * N] = s2;
      c[o + 3 * N] = s3;
    }
  }
}

/** One leftover row of C (M not a multiple of 4): 1×4 blocks, then single dot products. */
function rowBlock1(
  i: number,
  j0: number,
  j1: number,
  N: number,
  K: number,
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float32Array | Float64Array,
  cOff: number,
  accumulate: boolean,
): void {
  const a0 = aOff + i * K;
  let j = j0;
  for (; j + 4 <= j1; j += 4) {
    const b0 = bOff + j * K;
    const b1 = b0 + K;
    const b2 = b1 + K;
    const b3 = b2 + K;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let k = 0; k < K; k++) {
      const x = a[a0 + k]!;
      s0 += x * b[b0 + k]!;
      s1 += x * b[b1 + k]!;
      s2 += x * b[b2 + k]!;
      s3 += x * b[b3 + k]!;
    }
    const o = cOff + i * N + j;
    if (accumulate) {
      c[o]! += s0;
      c[o + 1]! += s1;
      c[o + 2]! += s2;
      c[o + 3]! += s3;
    } else {
      c[o] = s0;
      c[o + 1] = s1;
      c[o + 2] = s2;
      c[o + 3] = s3;
    }
  }
  for (; j < j1; j++) {
    const b0 = bOff + j * K;
    let s = 0;
    for (let k = 0; k < K; k++) s += a[a0 + k]! * b[b0 + k]!;
    const o = cOff + i * N + j;
    if (accumulate) c[o]! += s;
    else c[o] = s;
  }
}
