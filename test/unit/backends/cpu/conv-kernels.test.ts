// The im2col + gemm convolution kernels against tfjs' stock cpu kernels on many shapes:
// batch 1–8, channels 1–64, kernels 1×1 / 3×3 / 5×5, stride 1 / 2, 'same' / 'valid' / explicit
// padding, odd sizes. Each case runs Conv2D, FusedConv2D (bias + activation),
// Conv2DBackpropInput and Conv2DBackpropFilter both ways and requires 1e-4 (scaled) agreement.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../shared/seeded-random';
import { activeFastCpuKernels } from '../../../../src-main/backends/cpu';
import { bothWays, expectIdentical, expectMatch, rand, useCpuBackend } from './helpers';

useCpuBackend();

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  batch: number;
  h: number;
  w: number;
  inC: number;
  outC: number;
  k: number;
  stride: number;
  pad: Pad;
}

const c = (batch: number, h: number, w: number, inC: number, outC: number, k: number, stride: number, pad: Pad): Case => ({
  batch,
  h,
  w,
  inC,
  outC,
  k,
  stride,
  pad,
});

const HAND_PICKED: Case[] = [
  c(1, 5, 5, 1, 1, 1, 1, 'valid'),
  c(2, 7, 9, 3, 5, 3, 1, 'same'),
  c(3, 9, 7, 4, 6, 3, 2, 'same'),
  c(2, 11, 10, 5, 7, 5, 1, 'same'),
  c(1, 13, 13, 2, 3, 5, 2, 'valid'),
  c(8, 8, 8, 16, 16, 3, 1, 'same'),
  c(2, 6, 6, 64, 64, 3, 1, 'same'),
  c(2, 9, 9, 32, 64, 3, 2, 'same'),
  c(8, 7, 7, 16, 32, 1, 2, 'same'), // resnet projection shortcut
  c(5, 6, 5, 64, 8, 1, 1, 'valid'), // pointwise: no im2col
  c(1, 3, 3, 2, 2, 5, 1, 'same'), // kernel larger than the image
  c(2, 12, 12, 3, 16, 3, 2, 'valid'),
  c(6, 10, 10, 8, 1, 3, 1, 'valid'), // one output channel
  c(1, 17, 15, 1, 64, 5, 2, 'same'),
  c(4, 8, 8, 16, 16, 3, 2, 'same'), // even size, stride 2: tfjs pads bottom/right only
  c(2, 8, 9, 3, 4, 3, 1, 1), // numeric padding
  c(2, 8, 9, 3, 4, 3, 2, [
    [0, 0],
    [1, 2],
    [2, 0],
    [0, 0],
  ]), // explicit, asymmetric padding
];

/** Seeded draws from the grid of the brief, with the stock kernels' cost kept to a few 10⁷ MACs. */
function randomCases(n: number, seed: number): Case[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: Case[] = [];
  while (out.length < n) {
    const k = pick([1, 3, 5]);
    const cs = c(
      pick([1, 2, 3, 5, 8]),
      pick([5, 6, 7, 9, 12, 15]),
      pick([5, 7, 8, 11, 13]),
      pick([1, 3, 4, 16, 32, 64]),
      pick([1, 2, 7, 16, 32, 64]),
      k,
      pick([1, 2]),
      pick(['same', 'valid'] as const),
    );
    if (cs.pad === 'valid' && (cs.h < k || cs.w < k)) continue;
    if (cs.batch * cs.h * cs.w * cs.inC * cs.outC * k * k > 3e6) continue;
    out.push(cs);
  }
  return out;
}

const label = (t: Case) => `x[${t.batch},${t.h},${t.w},${t.inC}] k${t.k}×${t.k}→${t.outC} s${t.stride} ${JSON.stringify(t.pad)}`;

function tensors(t: Case, seed: number) {
  const x = rand([t.batch, t.h, t.w, t.inC], seed) as tf.Tensor4D;
  const filter = rand([t.k, t.k, t.inC, t.outC], seed + 1) as tf.Tensor4D;
  const bias = rand([t.outC], seed + 2) as tf.Tensor1D;
  const yShape = tf.tidy(() => tf.conv2d(x, filter, t.stride, t.pad).shape);
  const dy = rand(yShape, seed + 3) as tf.Tensor4D;
  return { x, filter, bias, dy };
}

function checkCase(t: Case, seed: number): void {
  const { x, filter, bias, dy } = tensors(t, seed);
  const attrs = { strides: [t.stride, t.stride], pad: t.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
  const run = (name: string, inputs: tf.NamedTensorMap, extra: object) => () =>
    tf.engine().runKernel(name, inputs, { ...attrs, ...extra } as unknown as tf.NamedAttrMap) as tf.Tensor;
  expectMatch(
    bothWays(() => tf.conv2d(x, filter, t.stride, t.pad)),
    `Conv2D ${label(t)}`,
  );
  for (const activation of ['relu', 'linear', 'relu6', 'leakyrelu'] as const) {
    const fused = () => tf.fused.conv2d({ x, filter, strides: t.stride, pad: t.pad, bias, activation, leakyreluAlpha: 0.1 });
    expectMatch(bothWays(fused), `FusedConv2D ${activation} ${label(t)}`);
  }
  expectMatch(bothWays(run('Conv2DBackpropInput', { dy, filter }, { inputShape: x.shape })), `Conv2DBackpropInput ${label(t)}`);
  expectMatch(bothWays(run('Conv2DBackpropFilter', { x, dy }, { filterShape: filter.shape })), `Conv2DBackpropFilter ${label(t)}`);
  tf.dispose([x, filter, bias, dy]);
}

describe('fast convolution kernels match the stock cpu kernels', () => {
  it.each(HAND_PICKED.map((t, i) => [label(t), t, i] as const))('%s', (_, t, i) => {
    checkCase(t, 100 + 10 * i);
    expect(activeFastCpuKernels()).toContain('Conv2DBackpropFilter');
  });

  it.each(randomCases(24, 7).map((t, i) => [label(t), t, i] as const))('random %s', (_, t, i) => {
    checkCase(t, 1000 + 10 * i);
  });

  it('a fused conv with no bias (conv → batch norm) and with a scalar bias', () => {
    const x = rand([2, 6, 7, 3], 1) as tf.Tensor4D;
    const filter = rand([3, 3, 3, 5], 2) as tf.Tensor4D;
    expectMatch(
      bothWays(() => tf.fused.conv2d({ x, filter, strides: 1, pad: 'same' })),
      'no bias',
    );
    const bias = tf.scalar(0.25);
    expectMatch(
      bothWays(() => tf.fused.conv2d({ x, filter, strides: 2, pad: 'same', bias, activation: 'relu' })),
      'scalar bias',
    );
    tf.dispose([x, filter, bias]);
  });

  it('forward with dilation 2 (im2col handles it) matches', () => {
    const x = rand([2, 11, 9, 4], 3) as tf.Tensor4D;
    const filter = rand([3, 3, 4, 6], 4) as tf.Tensor4D;
    for (const pad of ['same', 'valid'] as const) {
      expectMatch(
        bothWays(() => tf.conv2d(x, filter, 1, pad, 'NHWC', 2)),
        `dilation 2 ${pad}`,
      );
    }
    tf.dispose([x, filter]);
  });

  it('NCHW falls back to the stock kernels (bit-identical)', () => {
    const x = rand([2, 3, 7, 6], 5) as tf.Tensor4D; // [b, c, h, w]
    const filter = rand([3, 3, 3, 4], 6) as tf.Tensor4D;
    expectIdentical(
      bothWays(() => tf.conv2d(x, filter, 1, 'same', 'NCHW')),
      'NCHW conv',
    );
    tf.dispose([x, filter]);
  });

  it('prelu and sigmoid activations fall back to the stock fused kernel', () => {
    const x = rand([1, 5, 5, 2], 7) as tf.Tensor4D;
    const filter = rand([3, 3, 2, 3], 8) as tf.Tensor4D;
    const alpha = tf.fill([3], 0.2) as tf.Tensor1D;
    expectIdentical(
      bothWays(() => tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', activation: 'prelu', preluActivationWeights: alpha })),
      'prelu',
    );
    expectIdentical(
      bothWays(() => tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', activation: 'sigmoid' })),
      'sigmoid',
    );
    tf.dispose([x, filter, alpha]);
  });
});
