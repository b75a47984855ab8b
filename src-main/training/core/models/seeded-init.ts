// Seeded initialisers matching the PyTorch reference code (RepDistiller, Tian et al. 2020; He et al.
// 2015 "Delving deep into rectifiers" for kaiming init). Every layer gets its own seed derived from
// the run seed and the layer's position, so the same seed gives the same weights and another seed
// gives different ones, and two layers of the same shape never share values.
import * as tf from '@tensorflow/tfjs';
import type { DenseInit } from './net-ops';

type Initializer = ReturnType<typeof tf.initializers.zeros>;

/**
 * Seed of the `index`-th initialiser of a model built with `seed` (a 32-bit integer hash).
 * Never 0: tfjs treats a zero seed as "no seed" and draws from Math.random.
 */
export function layerSeed(seed: number, index: number): number {
  let h = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 1) + 1;
}

/** kaiming_normal_(mode='fan_out', nonlinearity='relu'): N(0, 2 / (k·k·C_out)), not truncated. */
export function kaimingNormalFanOut(kernel: number, filters: number, seed: number): Initializer {
  return tf.initializers.randomNormal({ mean: 0, stddev: Math.sqrt(2 / (kernel * kernel * filters)), seed });
}

/** Kernel [in, units] and bias [units] initialisers of a dense layer, as the reference code sets them. */
export function denseInit(init: DenseInit, fanIn: number, kernelSeed: number, biasSeed: number): { kernel: Initializer; bias: Initializer } {
  if (init === 'normal-0.01') {
    return { kernel: tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: kernelSeed }), bias: tf.initializers.zeros() };
  }
  // nn.Linear.reset_parameters: kaiming_uniform_(a=√5) is U(±1/√fan_in); the bias uses the same bound.
  const bound = 1 / Math.sqrt(fanIn);
  const kernel = tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: kernelSeed });
  const bias = init === 'torch-default' ? tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: biasSeed }) : tf.initializers.zeros();
  return { kernel, bias };
}
