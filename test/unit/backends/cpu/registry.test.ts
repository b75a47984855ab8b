// Registering and restoring the fast cpu kernels: idempotent, reversible (the very same stock
// kernel configs come back), scoped to the cpu backend, and leak-free.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  activeFastCpuKernels,
  ADDED_CPU_KERNEL_NAMES,
  FAST_CPU_KERNEL_NAMES,
  registerFastCpuKernels,
  restoreStockCpuKernels,
} from '../../../../src-main/backends/cpu';
import { rand, useCpuBackend } from './helpers';

useCpuBackend();

describe('fast cpu kernel registry', () => {
  it('replaces the stock kernels and puts the same configs back', () => {
    restoreStockCpuKernels();
    const stock = new Map(FAST_CPU_KERNEL_NAMES.map((n) => [n, tf.getKernel(n, 'cpu')]));
    expect(FAST_CPU_KERNEL_NAMES).toEqual(expect.arrayContaining(['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']));
    expect(activeFastCpuKernels()).toEqual([]);
    for (const n of ADDED_CPU_KERNEL_NAMES) expect(tf.getKernel(n, 'cpu')).toBeUndefined(); // no stock version

    expect(registerFastCpuKernels().sort()).toEqual([...FAST_CPU_KERNEL_NAMES, ...ADDED_CPU_KERNEL_NAMES].sort());
    for (const n of ADDED_CPU_KERNEL_NAMES) expect(tf.getKernel(n, 'cpu')).toBeDefined();
    for (const n of FAST_CPU_KERNEL_NAMES) expect(tf.getKernel(n, 'cpu').kernelFunc).not.toBe(stock.get(n)!.kernelFunc);
    const fast = tf.getKernel('Conv2DBackpropFilter', 'cpu').kernelFunc;
    registerFastCpuKernels(); // idempotent: no double wrapping
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu').kernelFunc).toBe(fast);

    restoreStockCpuKernels();
    for (const n of FAST_CPU_KERNEL_NAMES) expect(tf.getKernel(n, 'cpu')).toBe(stock.get(n));
    for (const n of ADDED_CPU_KERNEL_NAMES) expect(tf.getKernel(n, 'cpu')).toBeUndefined();
    restoreStockCpuKernels(); // idempotent
    expect(activeFastCpuKernels()).toEqual([]);
  });

  it('can replace a subset (per-kernel benchmarks) and ignores unknown names', () => {
    restoreStockCpuKernels();
    expect(registerFastCpuKernels(['Conv2DBackpropFilter', 'NoSuchKernel'])).toEqual(['Conv2DBackpropFilter']);
    expect(activeFastCpuKernels()).toEqual(['Conv2DBackpropFilter']);
    restoreStockCpuKernels();
  });

  it('touches no other backend', () => {
    const before = tf.getKernelsForBackend('webgl').length;
    registerFastCpuKernels();
    expect(tf.getKernelsForBackend('webgl').length).toBe(before);
    restoreStockCpuKernels();
  });

  it('leaks no tensors or bytes across repeated training-style computations', () => {
    registerFastCpuKernels();
    const x = rand([4, 9, 9, 3], 1) as tf.Tensor4D;
    const w1 = tf.variable(rand([3, 3, 3, 8], 2) as tf.Tensor4D);
    const w2 = tf.variable(rand([1, 1, 8, 4], 3) as tf.Tensor4D);
    const gamma = tf.variable(tf.ones([8]));
    const beta = tf.variable(tf.zeros([8]));
    const step = () => {
      const { value, grads } = tf.variableGrads(() => {
        const h = tf.relu(tf.conv2d(x, w1, 2, 'same'));
        const { mean, variance } = tf.moments(h, [0, 1, 2]);
        // (tfjs cannot differentiate batchNorm without offset and scale tensors: pass both)
        const n = tf.batchNorm(h, mean, variance, beta, gamma, 1e-3);
        return tf
          .maxPool(tf.conv2d(n as tf.Tensor4D, w2, 1, 'valid'), 2, 2, 'same')
          .square()
          .mean() as tf.Scalar;
      });
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const { numTensors, numBytes } = tf.memory();
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(numTensors);
    expect(tf.memory().numBytes).toBe(numBytes);
    tf.dispose([x, w1, w2, gamma, beta]);
    restoreStockCpuKernels();
  });
});
