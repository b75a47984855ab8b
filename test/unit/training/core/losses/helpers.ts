// Shared helpers for the loss tests: the test backend (pure-JS cpu, or native in the 'native'
// vitest project; see test/helpers/test-backend.ts), fixture loading (JSON written by
// test/fixtures/losses/reference.py), the float32-vs-float64 tolerance, and small tensor utilities.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect } from 'vitest';
import { registerFastCpuKernels, restoreStockCpuKernels } from '../../../../../src-main/backends/cpu';
import { selectTestBackend, TEST_BACKEND } from '../../../../helpers/test-backend';
import { installGemmFromEnv, uninstallGemm } from '../../../backends/kernel-engine';

/** Relative tolerance against the float64 reference, with an absolute floor (float32 rounding). */
export const REL_TOL = 1e-5;
export const ABS_TOL = 1e-6;

/**
 * Call at the top of a test file: every test runs on the test backend (test/helpers/test-backend.ts):
 * native TensorFlow in the 'native' vitest project, else the deterministic pure-JS cpu backend with
 * its stock kernels, or with the fast kernels when DISTILL_STUDIO_KERNELS is set (js: their JS
 * gemm, wasm: WebAssembly SIMD), so the references also check the kernels the worker trains with.
 */
export function useTestBackend(): void {
  const fast = TEST_BACKEND === 'cpu' && process.env.DISTILL_STUDIO_KERNELS !== undefined;
  beforeAll(async () => {
    await selectTestBackend();
    if (fast) {
      registerFastCpuKernels();
      installGemmFromEnv();
    }
  });
  afterAll(() => {
    if (!fast) return;
    restoreStockCpuKernels();
    uninstallGemm();
  });
}

export interface TensorJson {
  shape: number[];
  dtype?: 'float32' | 'int32';
  data: number[];
}

/** Parse one fixture file of test/fixtures/losses. */
export function loadFixture<T>(name: string): T {
  const url = new URL(`../../../../fixtures/losses/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

export function toTensor<T extends tf.Tensor>(json: TensorJson): T {
  return tf.tensor(json.data, json.shape, json.dtype ?? 'float32') as T;
}

/** |actual − expected| / |expected| (or the absolute error when expected is 0). */
export function relativeError(actual: number, expected: number): number {
  const err = Math.abs(actual - expected);
  return expected === 0 ? err : err / Math.abs(expected);
}

/** Within 1e-5 relative, or within 1e-6 absolute for values near zero. */
export function expectClose(actual: number, expected: number, what = ''): void {
  const ok = Math.abs(actual - expected) <= Math.max(REL_TOL * Math.abs(expected), ABS_TOL);
  expect(ok, `${what}: got ${actual}, expected ${expected} (rel err ${relativeError(actual, expected)})`).toBe(true);
}

/** Evaluate a scalar-returning loss, read it, dispose the result. */
export function scalarValue(run: () => tf.Scalar): number {
  const out = run();
  const value = out.dataSync()[0]!;
  out.dispose();
  return value;
}

/** Deterministic post-ReLU-like features [B, H, W, C] with the listed channels all zero in every image. */
export function reluFeatures(shape: [number, number, number, number], seed: number, deadChannels: number[] = []): tf.Tensor4D {
  return tf.tidy(() => {
    const x = tf.relu(tf.randomNormal(shape, 0.1, 1, 'float32', seed)) as tf.Tensor4D;
    if (deadChannels.length === 0) return x;
    const mask = Array.from({ length: shape[3] }, (_, c) => (deadChannels.includes(c) ? 0 : 1));
    return tf.mul(x, tf.tensor1d(mask)) as tf.Tensor4D;
  });
}

/** Multiply channel `channel` of [B, H, W, C] by `factor`. */
export function scaleChannel(x: tf.Tensor4D, channel: number, factor: number): tf.Tensor4D {
  return tf.tidy(() => {
    const scales = Array.from({ length: x.shape[3] }, (_, c) => (c === channel ? factor : 1));
    return tf.mul(x, tf.tensor1d(scales)) as tf.Tensor4D;
  });
}
