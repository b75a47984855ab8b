// Shared helpers for the fast cpu kernel tests: run the same computation with the stock kernels
// and with the fast ones in one process (restore → compute → register → compute), and compare.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect } from 'vitest';
import { registerFastCpuKernels, restoreStockCpuKernels } from '../../../../src-main/backends/cpu';
import { installGemmFromEnv, uninstallGemm } from '../kernel-engine';

/** Relative tolerance of the brief: |fast − stock| ≤ 1e-4 · max(1, max |stock|) over a tensor. */
export const TOL = 1e-4;

/**
 * Call at the top of a test file: pure-JS cpu backend, the fast kernels' products on the gemm
 * DISTILL_STUDIO_KERNELS names (WebAssembly SIMD by default), stock kernels restored afterwards.
 */
export function useCpuBackend(): void {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    installGemmFromEnv();
  });
  afterAll(() => {
    restoreStockCpuKernels();
    uninstallGemm();
  });
}

type Out = tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;

function read(out: Out): Float32Array[] {
  const list = out instanceof tf.Tensor ? [out] : Array.isArray(out) ? out : Object.values(out);
  const values = list.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(list);
  return values;
}

/** Values of `run()` computed with the stock kernels and with the fast kernels. */
export function bothWays(run: () => Out): { stock: Float32Array[]; fast: Float32Array[] } {
  restoreStockCpuKernels();
  const stock = read(run());
  registerFastCpuKernels();
  const fast = read(run());
  return { stock, fast };
}

/** Largest |a − b| and the scale max(1, max |b|) it is judged against. */
export function maxDiff(a: Float32Array, b: Float32Array): { diff: number; scale: number } {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  // NaN anywhere makes the difference NaN, which fails the comparison below.
  if (a.some((v, i) => Number.isNaN(v) !== Number.isNaN(b[i]!))) diff = Number.NaN;
  return { diff, scale };
}

/** Every output of fast matches stock within TOL (scaled); returns the worst scaled difference. */
export function expectMatch(r: { stock: Float32Array[]; fast: Float32Array[] }, what: string): number {
  expect(r.fast.length, what).toBe(r.stock.length);
  let worst = 0;
  r.stock.forEach((s, i) => {
    const f = r.fast[i]!;
    expect(f.length, `${what} output ${i} size`).toBe(s.length);
    const { diff, scale } = maxDiff(f, s);
    expect(diff / scale, `${what} output ${i}: max |diff| ${diff} at scale ${scale}`).toBeLessThanOrEqual(TOL);
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}

/** Bit-for-bit equality (NaN equal to NaN): for kernels that do the stock arithmetic in the stock order. */
export function expectIdentical(r: { stock: Float32Array[]; fast: Float32Array[] }, what: string): void {
  expect(r.fast.length, what).toBe(r.stock.length);
  r.stock.forEach((s, i) => {
    const f = r.fast[i]!;
    expect(f.length, `${what} output ${i} size`).toBe(s.length);
    const bad = s.findIndex((v, j) => !Object.is(v, f[j]!) && !(v === 0 && f[j] === 0));
    expect(bad, `${what} output ${i} first mismatch at ${bad}: stock ${s[bad]} fast ${f[bad]}`).toBe(-1);
  });
}

/** Seeded uniform values in [-1, 1). */
export function rand(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}
