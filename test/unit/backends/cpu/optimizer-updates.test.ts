// The fused optimizer updates (training/core/optimizer-kernels.ts, their cpu kernels in
// backends/cpu/optimizer-updates.ts) against optimizers.ts's chain of element-wise ops on the
// stock kernels: weights and optimizer state after several steps, bit for bit, for SGD with and
// without weight decay and Nesterov momentum and for Adam, special values included; the fused
// kernel runs once per variable where it is registered and the chain runs where it is not.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerFastCpuKernels, restoreStockCpuKernels } from '../../../../src-main/backends/cpu';
import { createOptimizer } from '../../../../src-main/training/core/optimizers';
import { ADAM_UPDATE_KERNEL, SGD_UPDATE_KERNEL } from '../../../../src-main/training/core/optimizer-kernels';
import type { RunConfig } from '../../../../shared/schemas/run-config';
import { bothWays, expectIdentical, rand, useCpuBackend } from './helpers';

useCpuBackend();

type OptimizerConfig = RunConfig['optimizer'];

/** Weights of two shapes, the second with tiny, huge, signed-zero and infinite entries. */
function weights(): tf.Tensor[] {
  const special = tf.tensor2d([0, -0, 1e-45, -3e38, 3e38, 1e-30, -1, 7, Infinity, 0.5, -0.25, 1e20], [3, 4]);
  return [tf.mul(rand([5, 6, 3], 1), 3), special];
}

/** Gradients per step (the same on both sides), including a NaN-free special one. */
function grads(step: number): tf.Tensor[] {
  return [rand([5, 6, 3], 10 + step), tf.add(rand([3, 4], 20 + step), tf.tensor2d([0, -0, 1e-45, 1e-38, -2e30, 0, 0, 0, 1, 0, 0, 0], [3, 4]))];
}

/** Weights and optimizer state after `steps` steps of `cfg` from fresh variables. */
function train(cfg: OptimizerConfig, steps: number): tf.Tensor[] {
  const vars = weights().map((w) => tf.variable(w));
  const opt = createOptimizer(cfg, vars);
  for (let s = 0; s < steps; s++) {
    const g = grads(s);
    opt.step(g, s % 2 ? 0.05 : 0.013);
    tf.dispose(g);
  }
  const out = [...vars.map((v) => tf.clone(v)), ...opt.getState()];
  opt.dispose();
  tf.dispose(vars);
  return out;
}

const CONFIGS: Array<[string, OptimizerConfig]> = [
  ['SGD momentum + weight decay', { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: false, weightDecay: 5e-4 }],
  ['SGD Nesterov, no weight decay', { name: 'sgd', learningRate: 0.05, momentum: 0.85, nesterov: true, weightDecay: 0 }],
  ['Adam + weight decay', { name: 'adam', learningRate: 1e-3, momentum: 0.9, nesterov: false, weightDecay: 1e-4 }],
  ['Adam', { name: 'adam', learningRate: 3e-3, momentum: 0.9, nesterov: false, weightDecay: 0 }],
];

describe('fused optimizer updates', () => {
  it.each(CONFIGS)('%s: the op chain’s weights and state bit for bit after 4 steps', (_, cfg) => {
    expectIdentical(
      bothWays(() => train(cfg, 4)),
      cfg.name,
    );
  });

  it('run one kernel per variable with the fast kernels and the op chain without', async () => {
    const kernelsOf = async (cfg: OptimizerConfig) => (await tf.profile(() => void tf.dispose(train(cfg, 1)))).kernels.map((k) => k.name);
    registerFastCpuKernels();
    const sgd = await kernelsOf(CONFIGS[0]![1]);
    expect(sgd.filter((n) => n === SGD_UPDATE_KERNEL)).toHaveLength(2);
    expect(sgd).not.toContain('Sub');
    expect((await kernelsOf(CONFIGS[2]![1])).filter((n) => n === ADAM_UPDATE_KERNEL)).toHaveLength(2);
    restoreStockCpuKernels();
    const stock = await kernelsOf(CONFIGS[0]![1]);
    expect(stock).not.toContain(SGD_UPDATE_KERNEL);
    expect(stock).toContain('Sub');
    registerFastCpuKernels();
  });
});
