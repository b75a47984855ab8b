// The sumOfSquares op (losses/sum-of-squares.ts) through its one-pass cpu kernel against the same
// op composed of stock kernels (Square, then Sum / Mean): bit for bit, over every contiguous block
// of axes, sums and means over power-of-two and other counts, extremes included; inside the
// written-out gradients of AT and NST (the op is called from tf.customGrad forward functions,
// under a gradient tape) the losses and their gradients are bit-identical too.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { atLoss, nstLoss } from '../../../../src-main/training/core/losses';
import { SUM_OF_SQUARES_KERNEL, sumOfSquares } from '../../../../src-main/training/core/losses/sum-of-squares';
import { gemmEngine, registerFastCpuKernels, restoreStockCpuKernels, setGemmEngine } from '../../../../src-main/backends/cpu';
import { bothWays, expectIdentical, rand, useCpuBackend } from './helpers';

useCpuBackend();

describe('sumOfSquares kernel', () => {
  it('is registered with the fast kernels and removed with them', () => {
    registerFastCpuKernels();
    expect(tf.getKernel(SUM_OF_SQUARES_KERNEL, 'cpu')).toBeDefined();
    restoreStockCpuKernels();
    expect(tf.getKernel(SUM_OF_SQUARES_KERNEL, 'cpu')).toBeUndefined();
  });

  it('equals Square then Sum / Mean bit for bit over every contiguous block of axes', () => {
    const extremes = tf.tensor1d([1e-20, -3e19, 1.5e-23, -0, Number.NaN, 7, 1 / 3, -2.5, 1e-30, 4e18, 0.1, -1e-10]);
    const x = tf.concat([tf.reshape(extremes, [1, 2, 2, 3]), tf.mul(rand([3, 2, 2, 3], 7), 10)]); // [4, 2, 2, 3]
    const y = rand([2, 3, 4, 16], 8); // power-of-two channel count
    for (const t of [x, y]) {
      for (const axis of [3, -1, 2, [2, 3], [1, 2], [1, 2, 3], [0, 1, 2], [0, 1, 2, 3], 0, 1]) {
        for (const keepDims of [false, true]) {
          expectIdentical(
            bothWays(() => [sumOfSquares(t, axis, keepDims), sumOfSquares(t, axis, keepDims, true)]),
            `${t.shape} axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
          );
        }
      }
    }
    tf.dispose([extremes, x, y]);
  });

  it('non-contiguous axes and int32 inputs take the composite ops', () => {
    registerFastCpuKernels();
    const t = rand([2, 3, 4], 9);
    const composite = tf.sum(tf.square(t), [0, 2]);
    const viaOp = sumOfSquares(t, [0, 2]);
    expect(Array.from(viaOp.dataSync())).toEqual(Array.from(composite.dataSync()));
    const i = tf.tensor1d([3, -4], 'int32');
    expect(sumOfSquares(i, 0).dtype).toBe('int32');
    tf.dispose([t, composite, viaOp, i]);
  });

  it('AT and NST (linear, Gaussian) losses and their gradients are unchanged by it', () => {
    // Bit identity needs the JS gemm: its double sums equal the stock BatchMatMul's at these
    // sizes, while the WebAssembly engine's float32 sums do not (it is tested to tolerance).
    const engine = gemmEngine();
    setGemmEngine(null);
    const s = tf.relu(rand([2, 5, 6, 16], 10)) as tf.Tensor4D;
    const t = tf.relu(rand([2, 5, 6, 8], 11)) as tf.Tensor4D;
    for (const [name, loss] of [
      ['at', (x: tf.Tensor) => atLoss(x as tf.Tensor4D, t)],
      ['nst linear', (x: tf.Tensor) => nstLoss(x as tf.Tensor4D, t, { kernel: 'linear' })],
      ['nst poly (HW×HW form)', (x: tf.Tensor) => nstLoss(x as tf.Tensor4D, tf.slice(t, [0, 0, 0, 0], [2, 2, 2, 8]) as tf.Tensor4D, { kernel: 'poly' })],
    ] as const) {
      const input = name.includes('HW×HW') ? (tf.slice(s, [0, 0, 0, 0], [2, 2, 2, 16]) as tf.Tensor4D) : s;
      expectIdentical(
        bothWays(() => {
          const { value, grad } = tf.valueAndGrad(loss)(input);
          return [value, grad];
        }),
        name,
      );
    }
    tf.dispose([s, t]);
    setGemmEngine(engine);
  });
});
