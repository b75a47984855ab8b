// The non-convolution fast kernels do the stock arithmetic in the stock order, so they must be
// bit-identical to tfjs' cpu kernels: broadcast Add/Sub/Multiply/RealDiv, Sum/Mean over a run
// of axes, Tile, Relu/Step (NaN kept), MaxPool and its gradient (first maximum wins), Slice
// and PadV2 (explicit padding before stride-2 convs, and its gradient).
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import { bothWays, expectIdentical, rand, useCpuBackend } from './helpers';

useCpuBackend();

const BROADCASTS: Array<[number[], number[]]> = [
  [[4, 5, 6, 16], [16]], // x · per-channel statistic
  [
    [4, 5, 6, 16],
    [1, 1, 1, 16],
  ],
  [
    [1, 1, 1, 16],
    [4, 5, 6, 16],
  ],
  [
    [4, 5, 6, 16],
    [4, 1, 1, 16],
  ], // global-average-pool gradient
  [
    [4, 5, 6, 16],
    [4, 5, 6, 1],
  ], // per-pixel value × channels (attention-map gradient)
  [
    [4, 5, 6, 1],
    [4, 5, 6, 16],
  ],
  [
    [3, 7, 1],
    [1, 7, 5],
  ], // one value per row on one side, a broadcast row block on the other
  [[4, 5, 6, 16], []], // scalar
  [[], [3, 7]],
  [
    [4, 5, 6, 16],
    [4, 5, 6, 16],
  ], // same shape
  [
    [3, 1, 5],
    [1, 4, 1],
  ], // both sides broadcast
  [
    [2, 3, 1, 7],
    [3, 5, 1],
  ],
  [
    [7, 1],
    [1, 9],
  ],
  [[1], [1]],
  [[0, 3], [3]], // empty
];

describe('broadcast binary kernels', () => {
  it.each(BROADCASTS.map(([a, b]) => [JSON.stringify(a), JSON.stringify(b), a, b] as const))('%s op %s', (_, __, aShape, bShape) => {
    const a = rand(aShape, 1);
    const b = tf.add(rand(bShape, 2), 1.5); // keep divisors away from 0
    for (const op of [tf.add, tf.sub, tf.mul, tf.div] as const) {
      expectIdentical(
        bothWays(() => op(a, b)),
        `${op.name} ${aShape} ${bShape}`,
      );
    }
    tf.dispose([a, b]);
  });

  it('int32 and division by zero keep stock behaviour', () => {
    const a = tf.tensor2d(
      [
        [1, -2, 3],
        [4, 5, -6],
      ],
      [2, 3],
      'int32',
    );
    const b = tf.tensor1d([2, 0, -3], 'int32');
    expectIdentical(
      bothWays(() => [tf.add(a, b), tf.mul(a, b)]),
      'int32',
    );
    const x = tf.tensor1d([1, -1, 0, Number.NaN]);
    expectIdentical(
      bothWays(() => tf.div(x, tf.zeros([4]))),
      'x / 0',
    );
    tf.dispose([a, b, x]);
  });
});

describe('axis reductions', () => {
  const x = () => rand([3, 5, 7, 6], 3);
  const AXES: Array<number | number[] | undefined> = [[0, 1, 2], [1, 2], [0], [3], [2, 3], [0, 1, 2, 3], undefined, -1, [2, 1], [0, 2]];
  it.each(AXES.map((a) => [JSON.stringify(a), a] as const))('sum / mean over %s', (_, axis) => {
    const t = x();
    for (const keepDims of [false, true]) {
      expectIdentical(
        bothWays(() => [tf.sum(t, axis, keepDims), tf.mean(t, axis, keepDims)]),
        `axis ${axis} keepDims ${keepDims}`,
      );
    }
    t.dispose();
  });

  it('means over a power-of-two count (multiplied by 1/R instead of divided) stay bit-identical, tiny and huge values included', () => {
    const extremes = tf.tensor1d([1e-38, -1.4e-45, 3e38, -3.4e38, 7e-42, 1, -0, Number.NaN, Number.POSITIVE_INFINITY, 0.1, 1 / 3, 5e-39, 2, -2, 1e20, 1e-20]);
    const t = tf.concat([tf.reshape(tf.tile(extremes, [4]), [1, 4, 1, 16]), rand([3, 4, 1, 16], 6)]); // [4, 4, 1, 16]
    for (const axis of [3, -1, [1, 2, 3], [0, 1, 2], [1, 2], 0]) {
      expectIdentical(
        bothWays(() => [tf.mean(t, axis), tf.mean(t, axis, true)]),
        `mean over ${JSON.stringify(axis)}`,
      );
    }
    tf.dispose([extremes, t]);
  });

  it('batch-norm shaped sums (large, cancelling) and int32 sums', () => {
    const t = tf.mul(rand([8, 16, 16, 32], 4), 1000);
    expectIdentical(
      bothWays(() => [tf.sum(t, [0, 1, 2]), tf.mean(t, [0, 1, 2]), tf.moments(t, [0, 1, 2]).variance]),
      'bn moments',
    );
    const i = tf.tensor2d(
      [
        [1, 2],
        [3, 4],
      ],
      [2, 2],
      'int32',
    );
    expectIdentical(
      bothWays(() => [tf.sum(i, 0), tf.mean(i, 0)]),
      'int32',
    );
    tf.dispose([t, i]);
  });
});

describe('tile, relu, step', () => {
  it('tile in every pattern', () => {
    const cases: Array<[number[], number[]]> = [
      [
        [1, 1, 1, 16],
        [4, 5, 6, 1],
      ],
      [
        [2, 3],
        [3, 2],
      ],
      [[5], [4]],
      [
        [2, 1, 3],
        [1, 4, 2],
      ],
      [
        [3, 2],
        [1, 1],
      ],
    ];
    for (const [shape, reps] of cases) {
      const t = rand(shape, 5);
      const i = tf.cast(tf.mul(t, 100), 'int32');
      expectIdentical(
        bothWays(() => [tf.tile(t, reps), tf.tile(i, reps)]),
        `tile ${shape} × ${reps}`,
      );
      tf.dispose([t, i]);
    }
  });

  it('relu and its gradient mask, NaN and ±0 included', () => {
    const t = tf.tensor1d([-2, -0, 0, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3]);
    expectIdentical(
      bothWays(() => [tf.relu(t), tf.step(t), tf.step(t, 0.3), tf.grad((v: tf.Tensor) => tf.relu(v).sum())(t)]),
      'relu/step',
    );
    t.dispose();
  });
});

describe('max pooling', () => {
  const CASES: Array<[number[], number, number, 'same' | 'valid']> = [
    [[4, 28, 28, 16], 2, 2, 'valid'], // the MNIST CNN
    [[2, 7, 9, 3], 2, 2, 'valid'], // odd sizes drop the last row/column
    [[2, 7, 9, 3], 2, 2, 'same'],
    [[3, 9, 8, 5], 3, 2, 'same'], // overlapping windows
    [[1, 6, 6, 4], 3, 1, 'same'],
    // C a multiple of 4: the WebAssembly kernels when installed (the gradient for disjoint windows)
    [[2, 8, 8, 8], 2, 2, 'same'],
    [[2, 7, 9, 12], 2, 2, 'same'], // padding on the bottom and right
    [[2, 9, 11, 8], 2, 3, 'valid'], // stride beyond the window: pixels no window sees
    [[2, 6, 6, 32], 3, 3, 'same'],
  ];
  it.each(CASES.map((c) => [JSON.stringify(c), ...c] as const))('%s', (_, shape, size, stride, pad) => {
    const x = rand(shape, 6) as tf.Tensor4D;
    const dyShape = tf.tidy(() => tf.maxPool(x, size, stride, pad).shape);
    const dy = rand(dyShape, 7);
    const forwardAndGrad = () => {
      const y = tf.maxPool(x, size, stride, pad);
      const dx = tf.grad((v: tf.Tensor) =>
        tf
          .maxPool(v as tf.Tensor4D, size, stride, pad)
          .mul(dy)
          .sum(),
      )(x);
      return [y, dx];
    };
    expectIdentical(bothWays(forwardAndGrad), `maxPool ${shape}`);
    tf.dispose([x, dy]);
  });

  it('ties go to the first maximum, NaN never wins', () => {
    const x = tf.tensor4d([1, 1, 1, 1, Number.NaN, 2, 2, Number.NaN, 0, 0, 0, 0, -1, -1, -1, -1], [1, 4, 4, 1]);
    const grad = () => tf.grad((v: tf.Tensor) => tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid').sum())(x);
    expectIdentical(
      bothWays(() => [tf.maxPool(x, 2, 2, 'valid'), grad()]),
      'ties',
    );
    x.dispose();
  });

  it('ties, NaN and all-NaN windows per channel, four channels at a time', () => {
    // 8 channels: channel c of pixel p is the ties pattern above, shifted by c, with an all-NaN
    // window in channel 5 (its max is −∞ and it passes no gradient)
    const base = [1, 1, 1, 1, Number.NaN, 2, 2, Number.NaN, 0, 0, 0, 0, -1, -1, -1, -1];
    const values = base.flatMap((_, p) => Array.from({ length: 8 }, (_, c) => (c === 5 && [0, 1, 4, 5].includes(p) ? Number.NaN : base[(p + c) % 16]!)));
    const x = tf.tensor4d(values, [1, 4, 4, 8]);
    const grad = () => tf.grad((v: tf.Tensor) => tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid').sum())(x);
    expectIdentical(
      bothWays(() => [tf.maxPool(x, 2, 2, 'valid'), grad()]),
      'ties by channel',
    );
    x.dispose();
  });
});

describe('split', () => {
  it('tf.split into equal and unequal pieces along every axis, int32, and the gradient of concat', () => {
    const x = rand([3, 4, 6], 11);
    const i = tf.cast(tf.mul(x, 50), 'int32');
    const pieces = () => [...tf.split(x, 3, 0), ...tf.split(x, [1, 3], 1), ...tf.split(x, [2, 4], 2), ...tf.split(x, [2, -1], 2), ...tf.split(i, 2, 2)];
    expectIdentical(bothWays(pieces), 'split');
    const y = rand([3, 4, 2], 12);
    const w = rand([3, 4, 8], 13);
    const grads = () => tf.grads((u: tf.Tensor, v: tf.Tensor) => tf.sum(tf.mul(tf.concat([u, v], 2), w)))([x, y]);
    expectIdentical(bothWays(grads), 'concat gradient');
    tf.dispose([x, i, y, w]);
  });
});

describe('slice and pad', () => {
  it('pad before a stride-2 conv and its gradient (a strided slice), as in the model zoo', () => {
    const x = rand([4, 9, 8, 6], 8);
    const dy = rand([4, 11, 10, 6], 9);
    const pads: Array<[number, number]> = [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ];
    const grad = () => tf.grad((v: tf.Tensor) => tf.pad(v, pads).mul(dy).sum())(x);
    expectIdentical(
      bothWays(() => [tf.pad(x, pads), grad()]),
      'pad + grad',
    );
    tf.dispose([x, dy]);
  });

  it('slices of every rank, with -1 sizes, int32, and contiguous slices (stock zero-copy path)', () => {
    const x = rand([3, 5, 4, 7, 2], 10);
    const i = tf.cast(tf.mul(x, 50), 'int32');
    const cases: Array<[tf.Tensor, number[], number[]]> = [
      [x, [1, 2, 0, 3, 1], [2, 2, 3, -1, 1]],
      [x, [0, 0, 0, 0, 0], [-1, -1, -1, -1, -1]],
      [x, [2, 0, 0, 0, 0], [1, -1, -1, -1, -1]], // contiguous
      [i, [0, 1, 1, 2, 0], [3, 3, 2, 4, 2]],
      [x.reshape([15, 56]), [3, 5], [7, 40]],
      [x.reshape([840]), [17], [100]],
    ];
    for (const [t, begin, size] of cases) {
      expectIdentical(
        bothWays(() => tf.slice(t, begin, size)),
        `slice ${t.shape} ${begin} ${size}`,
      );
    }
    tf.dispose([x, i]);
  });

  it('pads of every rank, asymmetric, with a constant, int32', () => {
    const x = rand([2, 3, 4], 11);
    const i = tf.cast(tf.mul(x, 50), 'int32');
    expectIdentical(
      bothWays(() =>
        tf.pad(
          x,
          [
            [1, 0],
            [0, 2],
            [3, 1],
          ],
          0.5,
        ),
      ),
      'float32 asymmetric + constant',
    );
    expectIdentical(
      bothWays(() =>
        tf.pad(
          i,
          [
            [0, 1],
            [2, 2],
            [0, 0],
          ],
          7,
        ),
      ),
      'int32',
    );
    expectIdentical(
      bothWays(() => tf.pad(tf.tensor1d([1, 2, 3]), [[2, 3]])),
      'rank 1',
    );
    tf.dispose([x, i]);
  });
});
