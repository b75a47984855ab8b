// The native backend inside the engine: it registers into the same tfjs the training code uses,
// the custom ops (sum of squares, NST's and AT's hand-written gradients) fall back to stock ops
// where only the pure-JS backend has a kernel, and a short training run from identical initial
// weights follows the pure-JS loss curve. Runs only in the 'native' project (vitest.config.mts).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFastCpuKernels } from '../../src-main/backends/cpu/registry';
import { atLoss, nstLoss } from '../../src-main/training/core/losses';
import { SUM_OF_SQUARES_KERNEL, sumOfSquares } from '../../src-main/training/core/losses/sum-of-squares';
import { lossCurve } from '../helpers/loop-curve';
import { selectTestBackend } from '../helpers/test-backend';
import { config, norm, quadrants } from '../unit/training/core/synthetic';

beforeAll(async () => {
  registerFastCpuKernels(); // as a worker on pure JS would: the comparison is against the fast kernels
  await selectTestBackend('tensorflow');
});

/** Runs `fn` on one backend and returns plain numbers (so nothing outlives the switch). */
async function on(backend: 'cpu' | 'tensorflow', fn: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  await selectTestBackend(backend);
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const values = list.map((t) => Array.from(t.dataSync()));
  tf.dispose(list);
  await selectTestBackend('tensorflow');
  return values;
}

function expectAllClose(got: number[][], want: number[][], rel: number, what: string): void {
  want.forEach((w, i) =>
    w.forEach((v, j) => {
      const err = Math.abs(got[i]![j]! - v);
      expect(err, `${what}[${i}][${j}]: ${got[i]![j]} vs ${v}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(v)));
    }),
  );
}

const features = (seed: number, shape: [number, number, number, number]) => tf.relu(tf.randomNormal(shape, 0.1, 1, 'float32', seed)) as tf.Tensor4D;

describe('native backend in the engine', () => {
  it('is the active backend of the tfjs the training code imports', () => {
    expect(tf.getBackend()).toBe('tensorflow');
    expect(tf.backend().constructor.name).toBe('NodeJSKernelBackend');
    expect(tf.engine().backendName).toBe('tensorflow');
    // a loss from training/core computes on it: its result tensor lives in the native backend
    const loss = tf.tidy(() => atLoss(features(1, [2, 4, 4, 8]), features(2, [2, 4, 4, 8])));
    expect(tf.engine().state.tensorInfo.has(loss.dataId)).toBe(true);
    expect(tf.findBackend('tensorflow')).toBe(tf.backend());
    loss.dispose();
  });

  it('round on int32 keeps the values (TensorFlow 2.17+ returns zeros: why 2.16.2 is the default)', () => {
    const x = tf.tensor1d([1, -2, 3, 40], 'int32');
    const r = tf.round(x);
    expect(Array.from(r.dataSync())).toEqual([1, -2, 3, 40]);
    tf.dispose([x, r]);
  });

  it('sum of squares: no native kernel, the stock-op fallback matches the pure-JS kernel', async () => {
    expect(tf.getKernel(SUM_OF_SQUARES_KERNEL, 'cpu')).toBeDefined();
    expect(tf.getKernel(SUM_OF_SQUARES_KERNEL, 'tensorflow')).toBeUndefined();
    const run = () => {
      const x = tf.randomNormal([3, 5, 6, 16], 0, 1, 'float32', 3);
      return [sumOfSquares(x, 3), sumOfSquares(x, [1, 2], true), sumOfSquares(x, 3, false, true)];
    };
    expectAllClose(await on('tensorflow', run), await on('cpu', run), 1e-5, 'sumOfSquares');
  });

  it('NST and AT custom gradients agree with pure JS', async () => {
    const grads = () => {
      const s = features(4, [2, 6, 6, 8]);
      const t = features(5, [2, 6, 6, 12]);
      const g = tf.grads((x: tf.Tensor) =>
        tf.add(nstLoss(x as tf.Tensor4D, t, { kernel: 'poly', degree: 2, c: 0 }), atLoss(x as tf.Tensor4D, features(6, [2, 6, 6, 8]))),
      );
      return [nstLoss(s, t, { kernel: 'gaussian' }), ...g([s])];
    };
    expectAllClose(await on('tensorflow', grads), await on('cpu', grads), 1e-4, 'nst/at');
  });

  it('a short training run follows the pure-JS loss curve from the same initial weights', async () => {
    const train = quadrants(96, 1);
    const val = quadrants(32, 2);
    const curve = async (backend: 'cpu' | 'tensorflow') => {
      await selectTestBackend(backend);
      return (await lossCurve({ config: config({ epochs: 2 }), train, val, numClasses: 4, norm })).losses;
    };
    const js = await curve('cpu');
    const native = await curve('tensorflow');
    expect(native).toHaveLength(12);
    expectAllClose([native], [js], 1e-3, 'train/loss per step');
  });
});
