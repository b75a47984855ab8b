// The element-wise math kernels (Square, Exp, Neg, Rsqrt, Abs; Pow, Maximum, Minimum,
// SquaredDifference, Greater) and Transpose do the stock arithmetic in the stock order, so they
// must be bit-identical to tfjs' cpu kernels, special values (NaN, ±0, ±∞, negative bases and
// square roots) included, and so must the gradients built from them. Unsupported dtypes and
// general broadcasts fall back to the stock kernels.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bothWays, expectIdentical, rand, useCpuBackend } from './helpers';

useCpuBackend();

const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, 3, 1e-30, -1e-30, 1e30, 88.8, -104, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-24];

describe('unary math kernels', () => {
  const ops: Array<[string, (x: tf.Tensor) => tf.Tensor]> = [
    ['square', tf.square],
    ['exp', tf.exp],
    ['neg', tf.neg],
    ['rsqrt', tf.rsqrt],
    ['abs', tf.abs],
  ];
  it.each(ops)('%s: special values and a feature-sized tensor', (_, op) => {
    const special = tf.tensor1d(SPECIAL);
    const big = tf.mul(rand([4, 7, 9, 16], 1), 4);
    expectIdentical(
      bothWays(() => [op(special), op(big)]),
      'values',
    );
    tf.dispose([special, big]);
  });

  it('int32 inputs keep the stock kernels', () => {
    const i = tf.tensor1d([-3, 0, 5], 'int32');
    expectIdentical(
      bothWays(() => [tf.square(i), tf.neg(i), tf.abs(i), tf.exp(i)]),
      'int32',
    );
    i.dispose();
  });
});

describe('binary math kernels', () => {
  const ops: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
    ['pow', tf.pow],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
    ['squaredDifference', tf.squaredDifference],
    ['greater', tf.greater],
  ];
  const values = tf.tensor1d(SPECIAL);

  it.each(ops)('%s: same shapes, scalar on either side, [1, 1] operands, special values', (_, op) => {
    const a = rand([3, 5, 6], 2);
    const b = tf.mul(rand([3, 5, 6], 3), 3);
    const scalars = [tf.scalar(2), tf.scalar(-0.5), tf.scalar(0), tf.scalar(Number.NaN), tf.tensor2d([[1e-24]])];
    const grid = tf.tidy(() => [
      tf.reshape(tf.tile(values, [SPECIAL.length]), [SPECIAL.length, SPECIAL.length]),
      tf.transpose(tf.reshape(tf.tile(values, [SPECIAL.length]), [SPECIAL.length, SPECIAL.length])),
    ]);
    expectIdentical(
      bothWays(() => [op(a, b), op(grid[0]!, grid[1]!), ...scalars.flatMap((s) => [op(a, s), op(s, a), op(values, s), op(s, values)])]),
      'values',
    );
    const r = bothWays(() => op(a, b));
    expect(r.fast.length).toBe(1);
    tf.dispose([a, b, ...scalars, ...grid]);
  });

  it('greater returns bool; general broadcasts and int32 keep the stock kernels', () => {
    const a = rand([3, 1], 4);
    const b = rand([1, 4], 5);
    restoreAndCheckDtype(() => tf.greater(a, tf.scalar(0)), 'bool');
    const i = tf.tensor1d([1, 2, 3], 'int32');
    expectIdentical(
      bothWays(() => [
        tf.maximum(a, b),
        tf.pow(a, b),
        tf.squaredDifference(a, b),
        tf.greater(a, b),
        tf.maximum(i, tf.scalar(2, 'int32')),
        tf.pow(i, tf.scalar(2, 'int32')),
      ]),
      'fallbacks',
    );
    tf.dispose([a, b, i]);
  });

  it('gradients through pow, maximum and squaredDifference', () => {
    const x = tf.add(rand([2, 6, 5], 6), 1.2);
    const y = rand([2, 6, 5], 7);
    const grads = () =>
      tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(tf.add(tf.add(tf.pow(u, 3), tf.maximum(u, 1.5)), tf.mul(tf.squaredDifference(u, v), tf.rsqrt(u)))))([
        x,
        y,
      ]);
    expectIdentical(bothWays(grads), 'grads');
    tf.dispose([x, y]);
  });
});

function restoreAndCheckDtype(run: () => tf.Tensor, dtype: tf.DataType): void {
  const r = bothWays(run);
  expectIdentical(r, 'greater');
  const t = run();
  expect(t.dtype).toBe(dtype);
  t.dispose();
}

describe('transpose', () => {
  const CASES: Array<[number[], number[]]> = [
    [
      [64, 32, 32],
      [0, 2, 1],
    ], // NST: Aᵀ per image
    [
      [4, 6, 5, 3],
      [1, 0, 2, 3],
    ], // alignSpatial: rows first
    [
      [4, 6, 5, 3],
      [2, 1, 0, 3],
    ],
    [
      [4, 6, 5, 3],
      [1, 2, 0, 3],
    ],
    [
      [4, 6, 5, 3],
      [0, 3, 1, 2],
    ], // NHWC → NCHW
    [
      [2, 3, 4, 5, 6],
      [4, 2, 0, 3, 1],
    ],
    [
      [7, 9],
      [1, 0],
    ],
    [[5], [0]],
    [
      [3, 1, 4],
      [2, 1, 0],
    ],
    [
      [0, 3],
      [1, 0],
    ],
  ];
  it.each(CASES.map(([s, p]) => [JSON.stringify(s), JSON.stringify(p), s, p] as const))('%s perm %s, float32 and int32', (_, __, shape, perm) => {
    const x = rand(shape, 8);
    const i = tf.cast(tf.mul(x, 100), 'int32');
    expectIdentical(
      bothWays(() => [tf.transpose(x, perm), tf.transpose(i, perm)]),
      `transpose ${shape} ${perm}`,
    );
    tf.dispose([x, i]);
  });

  it('gradient of a transpose, and bool tensors through the stock kernel', () => {
    const x = rand([3, 4, 5], 9);
    const w = rand([5, 3, 4], 10);
    expectIdentical(
      bothWays(() => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.transpose(v, [2, 0, 1]), w)))(x)),
      'grad',
    );
    const b = tf.greater(x, 0);
    expectIdentical(
      bothWays(() => tf.cast(tf.transpose(b, [1, 0, 2]), 'float32')),
      'bool',
    );
    tf.dispose([x, w, b]);
  });
});

describe('batch norm', () => {
  it('per-channel, single-value and missing scale / offset, ε given or default, and its gradient', () => {
    const x = tf.mul(rand([4, 6, 5, 8], 11), 3);
    const mean = rand([8], 12);
    const variance = tf.add(tf.abs(rand([8], 13)), 0.1);
    const scale = rand([8], 14);
    const offset = rand([8], 15);
    const one = tf.tensor1d([0.7]);
    expectIdentical(
      bothWays(() => [
        tf.batchNorm(x, mean, variance, offset, scale, 1e-3),
        tf.batchNorm(x, mean, variance, offset, scale),
        tf.batchNorm(x, mean, variance),
        tf.batchNorm(x, one, variance, one, scale, 1e-5),
        tf.batchNorm(x, tf.reshape(mean, [1, 1, 1, 8]), tf.reshape(variance, [1, 1, 1, 8]), undefined, tf.reshape(scale, [1, 1, 1, 8])),
        tf.batchNorm(tf.reshape(x, [-1, 8]), mean, variance, offset, scale),
      ]),
      'batchNorm',
    );
    const grads = () =>
      tf.grads((u: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean: m, variance: v } = tf.moments(u, [0, 1, 2]);
        return tf.sum(tf.square(tf.batchNorm(u as tf.Tensor4D, m, v, b as tf.Tensor1D, g as tf.Tensor1D, 1e-3)));
      })([x, scale, offset]);
    expectIdentical(bothWays(grads), 'training-mode gradients');
    tf.dispose([x, mean, variance, scale, offset, one]);
  });

  it('parameters of another length keep the stock kernel', () => {
    const x = rand([2, 3, 4], 16);
    const mean = rand([12], 17); // cycles over two axes: stock semantics
    const variance = tf.add(tf.abs(rand([12], 18)), 0.1);
    expectIdentical(
      bothWays(() => tf.engine().runKernel('FusedBatchNorm', { x, mean, variance }, { varianceEpsilon: 1e-3 }) as tf.Tensor),
      'length 12',
    );
    tf.dispose([x, mean, variance]);
  });
});
