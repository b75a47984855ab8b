// The element-wise passes on the gemm engine (backends/cpu/engine-elementwise.ts over
// backends/wasm/elementwise.wat): Relu, ReLU's gradient, the per-channel bias add (alone and in
// the convolution's epilogue) and per-channel sums, on tensors big enough to take them, against
// tfjs's stock kernels bit for bit: NaN, ±0, ±∞ and denormals included, lengths that are not a
// multiple of four, channel counts the passes do not take (which keep the JS loops).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gemmEngine } from '../../../../src-main/backends/cpu/gemm-engine';
import { biasAddOnEngine, channelSumsOnEngine, reluGradOnEngine, reluOnEngine } from '../../../../src-main/backends/cpu/engine-elementwise';
import { bothWays, expectIdentical, rand, useCpuBackend } from './helpers';

useCpuBackend();

const SPECIAL = [NaN, -NaN, 0, -0, 1, -1, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38, 1.17e-38];

/** n random values with the special ones spread through them (and at both ends). */
function withSpecials(n: number, seed: number): tf.Tensor1D {
  const v = Float32Array.from(rand([n], seed).dataSync());
  SPECIAL.forEach((s, i) => {
    v[i] = s;
    v[n - 1 - i] = s;
    v[Math.floor(((i + 1) * n) / (SPECIAL.length + 2))] = s;
  });
  return tf.tensor1d(v);
}

const engineHasPasses = () => gemmEngine()?.elementwise !== undefined;

describe('element-wise passes on the gemm engine', () => {
  it('take big tensors when the engine has them, and leave small ones and odd channel counts to JS', () => {
    const big = new Float32Array(4096).fill(1);
    expect(reluOnEngine(big) !== null).toBe(engineHasPasses());
    expect(reluGradOnEngine(big, big) !== null).toBe(engineHasPasses());
    expect(biasAddOnEngine(big, new Float32Array(16)) !== null).toBe(engineHasPasses());
    expect(channelSumsOnEngine(big, 8) !== null).toBe(engineHasPasses());
    expect(reluOnEngine(new Float32Array(100))).toBeNull();
    expect(biasAddOnEngine(big, new Float32Array(8).subarray(0, 2))).toBeNull();
    expect(channelSumsOnEngine(big, 2)).toBeNull();
    expect(reluGradOnEngine(big, big.subarray(0, 4095))).toBeNull();
  });

  it('relu: the stock values bit for bit, special values and a ragged tail included', () => {
    for (const n of [1024, 4099, 65_537]) {
      const x = withSpecials(n, n);
      expectIdentical(
        bothWays(() => tf.relu(x)),
        `relu of ${n}`,
      );
      x.dispose();
    }
  });

  it('relu gradient: the stock product bit for bit, specials in x and in dy', () => {
    for (const n of [1031, 8192]) {
      const x = withSpecials(n, 2 * n);
      const dy = tf.reverse(withSpecials(n, 3 * n));
      expectIdentical(
        bothWays(() => tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy)),
        `relu gradient of ${n}`,
      );
      tf.dispose([x, dy]);
    }
  });

  it('bias add over the last axis, in either operand order, for 4, 12 and 16 channels and a 6-channel fallback', () => {
    for (const C of [4, 12, 16, 6]) {
      const x = tf.reshape(withSpecials(64 * 7 * 7 * C, C), [64, 7, 7, C]);
      const b = tf.tensor1d(Array.from({ length: C }, (_, i) => [-0, 0.5, -1e-45, 3e38, NaN, -2][i % 6]!));
      expectIdentical(
        bothWays(() => [tf.add(x, b), tf.add(b, x), tf.add(tf.reshape(x, [-1, C]), b)]),
        `bias add, ${C} channels`,
      );
      tf.dispose([x, b]);
    }
  });

  it('per-channel sums (a bias gradient): the stock float64 sums in the stock order', () => {
    for (const C of [4, 12, 32, 6]) {
      const x = tf.mul(tf.reshape(withSpecials(16 * 9 * 9 * C, 5 * C), [16, 9, 9, C]), 1000);
      const finite = tf.mul(rand([16, 9, 9, C], C), 1e4);
      expectIdentical(
        bothWays(() => [tf.sum(x, [0, 1, 2]), tf.sum(finite, [0, 1, 2]), tf.sum(finite, [0, 1, 2], true), tf.sum(tf.reshape(finite, [-1, C]), 0)]),
        `channel sums, ${C} channels`,
      );
      tf.dispose([x, finite]);
    }
  });

  it('a convolution with its bias added in engine memory equals conv2d then add', () => {
    const x = rand([8, 12, 12, 3], 11) as tf.Tensor4D;
    for (const C of [16, 6]) {
      const w = rand([3, 3, 3, C], 12) as tf.Tensor4D;
      const b = rand([C], 13) as tf.Tensor1D;
      const fused = tf.fused.conv2d({ x, filter: w, bias: b, strides: 1, pad: 'same' });
      const apart = tf.add(tf.conv2d(x, w, 1, 'same'), b);
      const [f, a] = [fused.dataSync(), apart.dataSync()];
      expect(
        f.findIndex((v, i) => !Object.is(v, a[i])),
        `${C} channels`,
      ).toBe(-1);
      tf.dispose([w, b, fused, apart]);
    }
    x.dispose();
  });
});
