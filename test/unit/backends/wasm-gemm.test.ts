// The WebAssembly SIMD gemm against a float64 reference product, both builds (relaxed FMA and
// plain SIMD), over shapes that hit every edge of its 4×8 tiles and 256-blocks: M, N, K not
// multiples of the tile, 1×1, K = 1, K and N beyond one block, strided (transposed) operands,
// accumulation, and the memory wrapper's views and checks.
import { describe, expect, it } from 'vitest';
import { loadWasmGemm, supportedVariant, WasmGemm, type WasmGemmVariant } from '../../../src-main/backends/wasm/wasm-gemm';
import { randomFloats } from './random-floats';

const random = randomFloats;

interface Case {
  M: number;
  N: number;
  K: number;
  transA: boolean;
  transB: boolean;
}

/** C = A·Bᵀ in float64 with A(i,k) = a[i·rsA + k·csA], B(j,k) = b[j·rsB + k·csB]; also Σ|A||B| per entry. */
function reference(c: Case, a: Float32Array, rsA: number, csA: number, b: Float32Array, rsB: number, csB: number) {
  const out = new Float64Array(c.M * c.N);
  const mag = new Float64Array(c.M * c.N);
  for (let i = 0; i < c.M; i++) {
    for (let j = 0; j < c.N; j++) {
      let s = 0;
      let m = 0;
      for (let k = 0; k < c.K; k++) {
        const p = a[i * rsA + k * csA]! * b[j * rsB + k * csB]!;
        s += p;
        m += Math.abs(p);
      }
      out[i * c.N + j] = s;
      mag[i * c.N + j] = m;
    }
  }
  return { out, mag };
}

/** Float32 sums of K products: error ≤ ~K·ε·Σ|a·b| in the worst case; √K-ish in practice. */
function expectClose(got: Float32Array, want: Float64Array, mag: Float64Array, K: number, what: string): void {
  const eps = 2 ** -23;
  for (let i = 0; i < want.length; i++) {
    const bound = (4 + Math.sqrt(K) * 2) * eps * mag[i]! + 1e-30;
    if (!(Math.abs(got[i]! - want[i]!) <= bound)) {
      expect.fail(`${what}: entry ${i}: got ${got[i]}, want ${want[i]} (bound ${bound})`);
    }
  }
}

const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [1, 1, 7],
  [4, 8, 1],
  [3, 5, 2],
  [5, 9, 3],
  [7, 13, 31],
  [4, 8, 256],
  [17, 23, 257],
  [33, 7, 600],
  [12, 16, 9],
  [13, 8, 5],
  [2, 300, 40],
  [9, 520, 19],
  [64, 64, 64],
  [100, 17, 1000],
  [6, 270, 513],
];

const variants: WasmGemmVariant[] = supportedVariant() === 'relaxed' ? ['relaxed', 'simd'] : supportedVariant() ? ['simd'] : [];

describe.runIf(variants.length > 0)('WasmGemm', () => {
  it('this engine (Node ≥ 22) runs the relaxed-SIMD build', () => {
    expect(supportedVariant()).toBe('relaxed');
    expect(loadWasmGemm()?.name).toContain('relaxed');
  });

  for (const variant of variants) {
    describe(variant, () => {
      const engine = new WasmGemm(variant);
      for (const [M, N, K] of SHAPES) {
        for (const [transA, transB] of [
          [false, false],
          [true, false],
          [false, true],
          [true, true],
        ] as const) {
          it(`M ${M} N ${N} K ${K}, A ${transA ? 'columns' : 'rows'}, B ${transB ? '[K, N]' : '[N, K]'}`, () => {
            const c: Case = { M, N, K, transA, transB };
            const seed = M * 131 + N * 17 + K;
            const aSrc = random(M * K, seed);
            const bSrc = random(N * K, seed + 1);
            // rows along K (rs = K, cs = 1) or stored transposed (rs = 1, cs = M / N)
            const [rsA, csA] = transA ? [1, M] : [K, 1];
            const [rsB, csB] = transB ? [1, N] : [K, 1];
            const ldc = N + 3; // C rows wider than N: the padding must stay untouched
            const [a, b, cv] = engine.views([M * K, N * K, M * ldc]);
            a!.set(aSrc);
            b!.set(bSrc);
            cv!.fill(7);
            engine.gemm(M, N, K, a!, rsA, csA, b!, rsB, csB, cv!, ldc, false);
            const { out, mag } = reference(c, aSrc, rsA, csA, bSrc, rsB, csB);
            const got = new Float32Array(M * N);
            for (let i = 0; i < M; i++) {
              got.set(cv!.subarray(i * ldc, i * ldc + N), i * N);
              for (let j = N; j < ldc; j++) expect(cv![i * ldc + j]).toBe(7);
            }
            expectClose(got, out, mag, K, 'product');
            // accumulate: C += A·Bᵀ again → 2·A·Bᵀ
            engine.gemm(M, N, K, a!, rsA, csA, b!, rsB, csB, cv!, ldc, true);
            for (let i = 0; i < M; i++) got.set(cv!.subarray(i * ldc, i * ldc + N), i * N);
            expectClose(
              got,
              out.map((v) => 2 * v),
              mag.map((v) => 2 * v),
              K,
              'accumulated',
            );
          });
        }
      }

      it('K = 0 zeroes C, or leaves it when accumulating', () => {
        const [a, b, cv] = engine.views([4, 4, 6]);
        cv!.fill(3);
        engine.gemm(2, 3, 0, a!, 0, 1, b!, 0, 1, cv!, 3, true);
        expect([...cv!]).toEqual([3, 3, 3, 3, 3, 3]);
        engine.gemm(2, 3, 0, a!, 0, 1, b!, 0, 1, cv!, 3, false);
        expect([...cv!]).toEqual([0, 0, 0, 0, 0, 0]);
      });

      it('grows its memory for large operands and rejects views it did not hand out', () => {
        const before = engine.memoryBytes;
        const [big] = engine.views([8 * 1024 * 1024]);
        expect(engine.memoryBytes).toBeGreaterThan(before);
        expect(big!.length).toBe(8 * 1024 * 1024);
        const [a, b, c] = engine.views([6, 6, 4]);
        expect(() => engine.gemm(2, 2, 3, new Float32Array(6), 3, 1, b!, 3, 1, c!, 2, false)).toThrow(/not a current view/);
        expect(() => engine.gemm(2, 2, 4, a!, 4, 1, b!, 3, 1, c!, 2, false)).toThrow(/reads/);
      });
    });
  }
});
