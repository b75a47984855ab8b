// Matrix product Aᵀ·B straight from float32 storage, the XᵀY of NST's kernel matrices:
//   C[i, j] = Σ_k A[k, i] · B[k, j]      A [K, M], B [K, N], C [M, N], all row-major
// for batched matMuls whose per-item operands are small enough to stay in cache ([HW, C] samples:
// a few thousand values). There, gemm.ts's float64 packing (a transposing copy of A) costs about
// a third of the product; reading both operands in place removes it: for each k, four
// consecutive values of row k of A and of B feed a 4×4 register block (8 loads per 16
// multiply-adds, as gemmNT). Sums run in double in ascending k and are rounded once on store:
// every entry is the same double sum gemmNT forms from packed copies (float32 → float64 is
// exact), so results are bit-identical to the packed path.
// Its own function, not a generic gemmNT: V8 specialises a loop on the typed-array kind it sees,
// and feeding one function both Float32Array and Float64Array operands would slow down both.

/**
 * C[cOff + i·N + j] = Σ_k a[aOff + k·M + i] · b[bOff + k·N + j] for i < M, j < N (overwritten).
 * `symmetric`: b is a (a Gram matrix AᵀA, M = N); only 4-row blocks on and above the diagonal
 * are computed and the rest mirrored, bit-identical to the full product (x·y = y·x exactly).
 */
export function gemmTN(
  M: number,
  N: number,
  K: number,
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  c: Float32Array,
  cOff: number,
  symmetric = false,
): void {
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    let j = symmetric ? i : 0;
    for (; j + 4 <= N; j += 4) {
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
      for (let k = 0, pa = aOff + i, pb = bOff + j; k < K; k++, pa += M, pb += N) {
        const x0 = a[pa]!,
          x1 = a[pa + 1]!,
          x2 = a[pa + 2]!,
          x3 = a[pa + 3]!;
        let y = b[pb]!;
        c00 += x0 * y;
        c10 += x1 * y;
        c20 += x2 * y;
        c30 += x3 * y;
        y = b[pb + 1]!;
        c01 += x0 * y;
        c11 += x1 * y;
        c21 += x2 * y;
        c31 += x3 * y;
        y = b[pb + 2]!;
        c02 += x0 * y;
        c12 += x1 * y;
        c22 += x2 * y;
        c32 += x3 * y;
        y = b[pb + 3]!;
        c03 += x0 * y;
        c13 += x1 * y;
        c23 += x2 * y;
        c33 += x3 * y;
      }
      let o = cOff + i * N + j;
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
    for (; j < N; j++) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let k = 0, pa = aOff + i, pb = bOff + j; k < K; k++, pa += M, pb += N) {
        const y = b[pb]!;
        s0 += a[pa]! * y;
        s1 += a[pa + 1]! * y;
        s2 += a[pa + 2]! * y;
        s3 += a[pa + 3]! * y;
      }
      const o = cOff + i * N + j;
      c[o] = s0;
      c[o + N] = s1;
      c[o + 2 * N] = s2;
      c[o + 3 * N] = s3;
    }
  }
  for (; i < M; i++) {
    for (let j = symmetric ? i & ~3 : 0; j < N; j++) {
      let s = 0;
      for (let k = 0, pa = aOff + i, pb = bOff + j; k < K; k++, pa += M, pb += N) s += a[pa]! * b[pb]!;
      c[cOff + i * N + j] = s;
    }
  }
  if (!symmetric) return;
  // Row r was computed for columns ≥ (r & ~3), the first row of its block; mirror the rest.
  for (let r = 0; r < M; r++) {
    const top = r & ~3;
    for (let j = 0; j < top; j++) c[cOff + r * N + j] = c[cOff + j * N + r]!;
  }
}
