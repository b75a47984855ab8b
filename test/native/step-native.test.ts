// The native Step kernel (src-main/backends/tensorflow/step.ts), Relu(Sign(x)) for alpha = 0,
// against tfjs-node's own seven-op kernel on the same backend and against tfjs's definition
// (x > 0 ? 1 : alpha, NaN stays NaN): signed zeros, infinities, NaN, denormals and random values;
// other alphas still take tfjs-node's kernel; ReLU gradients through it.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { activeInstall } from '../../src-main/backends/native-setup/install-layout';
import { nodeRequire } from '../../src-main/package-resolve';
import { selectTestBackend } from '../helpers/test-backend';

let stockStep: (x: tf.Tensor, alpha: number) => Float32Array;

beforeAll(async () => {
  await selectTestBackend('tensorflow');
  // tfjs-node's kernel module, as register_all_kernels.js loaded it (cached: the same object)
  const install = activeInstall('cpu') ?? activeInstall('gpu');
  const { stepConfig } = nodeRequire(join(install!.dir, 'dist', 'kernels', 'Step.js')) as { stepConfig: tf.KernelConfig };
  stockStep = (x, alpha) =>
    tf.tidy(() => {
      const out = stepConfig.kernelFunc({ inputs: { x }, attrs: { alpha }, backend: tf.backend() }) as tf.Tensor;
      return Float32Array.from(out.dataSync());
    });
});

const special = [NaN, -NaN, 1, -1, 0, -0, 1e-45, -1e-45, 1.2e-38, -1.2e-38, Infinity, -Infinity, 3.4e38, -3.4e38, 0.5, -0.5];

describe('Step on native TensorFlow', () => {
  it('is the project’s kernel, not tfjs-node’s', () => {
    expect(tf.getBackend()).toBe('tensorflow');
    expect((tf.getKernel('Step', 'tensorflow')!.kernelFunc as { distill?: boolean }).distill).toBe(true);
  });

  it('equals tfjs-node’s kernel and tfjs’s definition for alpha = 0', () => {
    const random = Array.from(tf.randomNormal([4096], 0, 3, 'float32', 7).dataSync());
    const x = tf.tensor1d([...special, ...random]);
    const ours = Float32Array.from(tf.step(x).dataSync());
    expect(Array.from(ours)).toEqual(Array.from(stockStep(x, 0)));
    Array.from(x.dataSync()).forEach((v, i) => {
      if (Math.abs(v) < 1.2e-38 && v !== 0) return; // denormals: TensorFlow flushes them to zero
      expect(ours[i], `step(${v})`).toEqual(Number.isNaN(v) ? NaN : v > 0 ? 1 : 0);
    });
    expect(tf.step(tf.tensor4d(random.slice(0, 96), [2, 3, 4, 4])).shape).toEqual([2, 3, 4, 4]);
  });

  it('leaves other alphas to tfjs-node’s kernel', () => {
    const x = tf.tensor1d(special);
    expect(Array.from(tf.step(x, 0.25).dataSync())).toEqual(Array.from(stockStep(x, 0.25)));
  });

  it('gives ReLU and fused-conv ReLU gradients equal to dy · [y > 0]', () => {
    const x = tf.randomNormal<tf.Rank.R4>([2, 6, 6, 3], 0, 1, 'float32', 1);
    const w = tf.randomNormal<tf.Rank.R4>([3, 3, 3, 4], 0, 1, 'float32', 2);
    const dy = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 3);
    const y = tf.conv2d(x, w, 1, 'same');
    const expected = tf.mul(dy, tf.cast(tf.greater(y, 0), 'float32'));
    const viaRelu = tf.grad((t: tf.Tensor) => tf.mul(tf.relu(t), dy).sum())(y);
    expect(Array.from(viaRelu.dataSync())).toEqual(Array.from(expected.dataSync()));
    const dxFused = tf.grad((t: tf.Tensor) =>
      tf.mul(tf.fused.conv2d({ x: t as tf.Tensor4D, filter: w, strides: 1, pad: 'same', activation: 'relu' }), dy).sum(),
    )(x);
    const dxPlain = tf.grad((t: tf.Tensor) => tf.mul(tf.relu(tf.conv2d(t as tf.Tensor4D, w, 1, 'same')), dy).sum())(x);
    const a = dxFused.dataSync();
    const b = dxPlain.dataSync();
    expect(Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-5);
  });
});
