// Matrix product straight from float32 storage, with any row/column strides on both operands:
//   C[i, j] = Σ_k A(i, k) · B(k, j),  A(i, k) = a[aOff + i·aRow + k·aCol],  B(k, j) = b[bOff + k·bRow + j·bCol]
// for the batched matMuls whose operands are small enough to stay in cache (NST's kernel
// matrices X̂ᵀŶ over [HW, C] samples and their gradients: K·M, K·N of a few thousand values per
// batch item). There, gemm.ts's float64 packing (a transposing copy for XᵀY) costs about a third
// of the product; reading the operands in place removes it. Same 4×4 register block as gemmNT
// (8 loads per 16 multiply-adds), sums in double in ascending k, rounded once on store: every
// entry is the same double sum gemmNT forms from packed copies (float32 → float64 is exact), so
// results are bit-identical to the packed path.
// Its own function, not a generic gemmNT: V8 specialises a loop on the typed-array kind it sees,
// and feeding one function both Float32Array and Float64Array operands would slow down both.

export interface StridedOperand {
  data: Float32Array;
  off: number;
  /** Step between rows of the logical matrix (i for A, k for B). */
  row: number;
  /** Step between columns of the logical matrix (k for A, j for B). */
  col: number;
}

/**
 * C[cOff + i·N + j] = Σ_k A(i, k)·B(k, j) for i < M, j < N (C float32, overwritten).
 * `symmetric`: B is Aᵀ (a Gram matrix, M = N); only 4-row blocks on and above the diagonal are
 * computed and the rest mirrored, bit-identical to the full product (x·y = y·x exactly).
 */
export function gemmStrided(
  M: number, N: number, K: number, A: StridedOperand, B: StridedOperand, c: Float32Array, cOff: number, symmetric = false,
): void {
  const { data: a, row: ar, col: ak } = A;
  const { data: b, row: bk, col: bc } = B;
  const ar2 = 2 * ar, ar3 = 3 * ar, bc2 = 2 * bc, bc3 = 3 * bc;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = A.off + i * ar;
    let j = symmetric ? i : 0;
    for (; j + 4 <= N; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, pa = a0, pb = B.off + j * bc; k < K; k++, pa += ak, pb += bk) {
        const x0 = a[pa]!, x1 = a[pa + ar]!, x2 = a[pa + ar2]!, x3 = a[pa + ar3]!;
        let y = b[pb]!;
        c00 += x0 * y; c10 += x1 * y; c20 += x2 * y; c30 += x3 * y;
        y = b[pb + bc]!;
        c01 += x0 * y; c11 += x1 * y; c21 += x2 * y; c31 += x3 * y;
        y = b[pb + bc2]!;
        c02 += x0 * y; c12 += x1 * y; c22 += x2 * y; c32 += x3 * y;
        y = b[pb + bc3]!;
        c03 += x0 * y; c13 += x1 * y; c23 += x2 * y; c33 += x3 * y;
      }
      let o = cOff + i * N + j;
      c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += N;
      c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += N;
      c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += N;
      c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
    }
    for (; j < N; j++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0, pa = a0, pb = B.off + j * bc; k < K; k++, pa += ak, pb += bk) {
        const y = b[pb]!;
        s0 += a[pa]! * y; s1 += a[pa + ar]! * y; s2 += a[pa + ar2]! * y; s3 += a[pa + ar3]! * y;
      }
      const o = cOff + i * N + j;
      c[o] = s0; c[o + N] = s1; c[o + 2 * N] = s2; c[o + 3 * N] = s3;
    }
  }
  for (; i < M; i++) {
    const a0 = A.off + i * ar;
    for (let j = symmetric ? i & ~3 : 0; j < N; j++) {
      let s = 0;
      for (let k = 0, pa = a0, pb = B.off + j * bc; k < K; k++, pa += ak, pb += bk) s += a[pa]! * b[pb]!;
      c[cOff + i * N + j] = s;
    }
  }
  if (!symmetric) return;
  // Row i was computed for columns ≥ (i & ~3), the first row of its block; mirror the rest.
  for (let r = 0; r < M; r++) {
    const top = r & ~3;
    for (let j = 0; j < top; j++) c[cOff + r * N + j] = c[cOff + j * N + r]!;
  }
}
