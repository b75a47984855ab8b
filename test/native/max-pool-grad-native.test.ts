// MaxPoolGrad on native TensorFlow through the WebAssembly pooling pass
// (src-main/backends/tensorflow/max-pool-grad.ts, registered for a one-thread intra-op pool)
// against tfjs-node's kernel (TensorFlow's MaxPoolGrad) bit for bit: ties (the first maximum
// takes the gradient), ±0, ±∞, 'valid' and 'same' pools; overlapping windows and channel counts
// the pass does not take go to TensorFlow's kernel. NaN never takes a gradient here (tfjs's rule);
// TensorFlow's kernel gives it to a NaN in a window's first place.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { activeInstall } from '../../src-main/backends/native-setup/install-layout';
import { registerNativeMaxPoolGradKernel } from '../../src-main/backends/tensorflow/max-pool-grad';
import { nodeRequire } from '../../src-main/package-resolve';
import { selectTestBackend } from '../helpers/test-backend';

let stockGrad: (dy: tf.Tensor, x: tf.Tensor, y: tf.Tensor, attrs: tf.MaxPoolGradAttrs) => Float32Array;

beforeAll(async () => {
  await selectTestBackend('tensorflow');
  const install = activeInstall('cpu') ?? activeInstall('gpu');
  const { maxPoolGradConfig } = nodeRequire(join(install!.dir, 'dist', 'kernels', 'MaxPoolGrad.js')) as { maxPoolGradConfig: tf.KernelConfig };
  stockGrad = (dy, x, y, attrs) =>
    tf.tidy(() => {
      const out = maxPoolGradConfig.kernelFunc({
        inputs: { dy, input: x, output: y },
        attrs: attrs as unknown as tf.NamedAttrMap,
        backend: tf.backend(),
      }) as tf.Tensor;
      return Float32Array.from(out.dataSync());
    });
  registerNativeMaxPoolGradKernel();
});

/** Values on a coarse grid (many ties within a window), with signed zeros and infinities sprinkled in. */
function tiedInput(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const v = Float32Array.from(tf.randomUniform(shape, -2, 2, 'float32', seed).dataSync(), (u) => Math.round(u * 2) / 2);
  for (let i = 5; i < v.length; i += 41) v[i] = -0;
  for (let i = 7; i < v.length; i += 53) v[i] = i % 2 ? Infinity : -Infinity;
  return tf.tensor4d(v, shape);
}

function compare(shape: [number, number, number, number], filterSize: number, strides: number, pad: 'valid' | 'same') {
  const x = tiedInput(shape, shape[3] + filterSize);
  const y = tf.maxPool(x, filterSize, strides, pad);
  const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
  const attrs = { filterSize, strides, pad } as tf.MaxPoolGradAttrs;
  const ours = (tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync();
  const reference = stockGrad(dy, x, y, attrs);
  expect(ours.length).toBe(reference.length);
  const bad = Array.from(ours).findIndex((v, i) => !Object.is(v, reference[i]));
  expect(bad, `first difference at ${bad}: ${ours[bad]} vs ${reference[bad]}`).toBe(-1);
  tf.dispose([x, y, dy]);
}

describe('MaxPoolGrad on native TensorFlow', () => {
  it('is the project’s kernel', () => {
    expect((tf.getKernel(tf.MaxPoolGrad, 'tensorflow')!.kernelFunc as { distill?: boolean }).distill).toBe(true);
  });

  it('equals TensorFlow’s kernel for 2×2 stride-2 pools, ties, signed zeros and infinities included', () => {
    compare([4, 8, 8, 16], 2, 2, 'valid');
    compare([3, 7, 9, 8], 2, 2, 'valid');
    compare([3, 7, 9, 8], 2, 2, 'same');
    compare([2, 9, 9, 4], 3, 3, 'valid');
  });

  it('leaves overlapping windows and other channel counts to TensorFlow’s kernel, with the same values', () => {
    compare([2, 9, 9, 8], 3, 2, 'same');
    compare([2, 8, 8, 6], 2, 2, 'valid');
  });

  it('never gives a window’s gradient to NaN, where TensorFlow’s kernel gives it to a NaN in first place', () => {
    // one window [NaN, 1; 2, 3] → the gradient goes to 3 here; TensorFlow's kernel starts from the
    // window's first element and only replaces it by larger values, so it keeps the NaN.
    const x = tf.tensor4d([NaN, 1, 2, 3, 5, NaN, 4, 5], [2, 2, 2, 1]);
    const dy = tf.tensor4d([10, 20], [2, 1, 1, 1]);
    const y = tf.maxPool(x, 2, 2, 'valid');
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' } as tf.MaxPoolGradAttrs;
    // channel count 1 is not the pass's (a multiple of 4): run the pass's semantics on 4 copies
    const x4 = tf.tile(x, [1, 1, 1, 4]);
    const dy4 = tf.tile(dy, [1, 1, 1, 4]);
    const y4 = tf.maxPool(x4, 2, 2, 'valid');
    const ours = (tf.engine().runKernel(tf.MaxPoolGrad, { dy: dy4, input: x4, output: y4 }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync();
    expect(Array.from(ours.filter((_, i) => i % 4 === 0))).toEqual([0, 0, 0, 10, 20, 0, 0, 0]);
    expect(Array.from(stockGrad(dy, x, y, attrs))).toEqual([10, 0, 0, 0, 20, 0, 0, 0]);
    tf.dispose([x, dy, y, x4, dy4, y4]);
  });

  it('gives tf.grad through max pooling the same gradient as TensorFlow’s kernel', () => {
    const x = tiedInput([2, 6, 6, 4], 11);
    const dy = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 12);
    const g = tf
      .grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'))(x, dy)
      .dataSync();
    const y = tf.maxPool(x, 2, 2, 'valid');
    expect(Array.from(g)).toEqual(Array.from(stockGrad(dy, x, y, { filterSize: 2, strides: 2, pad: 'valid' } as tf.MaxPoolGradAttrs)));
    tf.dispose([x, dy, y]);
  });
});
