// ReLU's gradient as one kernel (training/core/models/relu-grad.ts, its cpu kernel in
// backends/cpu/unary-kernels.ts) against tfjs's own mul(dy, cast(step(x))) on the stock kernels:
// bit for bit, NaN, ±0 and ±∞ in x and in dy included, alone and through a conv net's layers;
// the gradient takes the kernel only where the backend registered it.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerFastCpuKernels, restoreStockCpuKernels } from '../../../../src-main/backends/cpu';
import { RELU_GRAD_KERNEL } from '../../../../src-main/training/core/models/relu-grad';
import { bothWays, expectIdentical, rand, useCpuBackend } from './helpers';

useCpuBackend();

const SPECIAL = [NaN, -NaN, 0, -0, 1, -1, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38];

const kernelsRun = (f: () => void) => tf.profile(f).then((p) => p.kernels.map((k) => k.name));

describe('ReLU gradient in one kernel', () => {
  it('equals tfjs’s formula on the stock kernels, bit for bit, special values included', () => {
    const n = SPECIAL.length;
    // every special x against every special dy, then random values
    const xs = [...SPECIAL.flatMap((v) => Array.from({ length: n }, () => v)), ...Array.from(rand([500], 3).dataSync())];
    const dys = [...SPECIAL.flatMap(() => SPECIAL), ...Array.from(rand([500], 4).dataSync())];
    const x = tf.tensor1d(xs);
    const dy = tf.tensor1d(dys);
    expectIdentical(
      bothWays(() => tf.grad((t: tf.Tensor) => tf.mul(tf.relu(t), dy).sum())(x)),
      'relu gradient',
    );
    const direct = bothWays(() => tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy));
    expectIdentical(direct, 'relu gradient with dy given');
    tf.dispose([x, dy]);
  });

  it('runs as one kernel with the fast kernels and as step, cast and multiply without', async () => {
    const x = rand([4, 6, 6, 8], 1);
    const dy = rand([4, 6, 6, 8], 2);
    const grad = () =>
      void tf
        .grad((t: tf.Tensor) => tf.relu(t))(x, dy)
        .dataSync();
    registerFastCpuKernels();
    const fast = await kernelsRun(grad);
    expect(fast).toContain(RELU_GRAD_KERNEL);
    expect(fast).not.toContain('Step');
    restoreStockCpuKernels();
    const stock = await kernelsRun(grad);
    expect(stock).not.toContain(RELU_GRAD_KERNEL);
    expect(stock).toContain('Step');
    registerFastCpuKernels();
    tf.dispose([x, dy]);
  });

  it('gives the same gradients through a conv → relu → conv net', () => {
    const x = rand([2, 8, 8, 3], 5) as tf.Tensor4D;
    const w1 = rand([3, 3, 3, 8], 6) as tf.Tensor4D;
    const w2 = rand([3, 3, 8, 4], 7) as tf.Tensor4D;
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(tf.relu(tf.conv2d(x, a as tf.Tensor4D, 1, 'same')), b as tf.Tensor4D, 1, 'same')
        .square()
        .sum();
    const r = bothWays(() => tf.grads(loss)([w1, w2]));
    r.stock.forEach((s, i) => {
      const f = r.fast[i]!;
      const scale = Math.max(1, ...Array.from(s, Math.abs));
      expect(Math.max(...Array.from(s, (v, j) => Math.abs(v - f[j]!))) / scale, `∂w${i + 1}`).toBeLessThan(1e-4);
    });
    tf.dispose([x, w1, w2]);
  });
});
