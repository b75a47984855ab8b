// Optimizers with PyTorch semantics and explicit, serialisable state (for exact resume):
//   SGD   (torch.optim.SGD):  g ← g + wd·w;  v ← μ·v + g;  w ← w − lr·(nesterov ? g + μ·v : v)
//   Adam  (torch.optim.Adam, L2 not decoupled): g ← g + wd·w;  m ← β1·m + (1−β1)·g;
//         v ← β2·v + (1−β2)·g²;  w ← w − lr·m̂ / (√v̂ + ε), m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ)
// State tensors are listed in the order of the variables, so a checkpoint restores by position.
// Backends with fused update kernels (optimizer-kernels.ts) run one kernel per variable instead of
// the chain of element-wise ops below, with the same float32 values.
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL, type AdamUpdateAttrs, SGD_UPDATE_KERNEL, type SgdUpdateAttrs } from './optimizer-kernels';
import type { RunConfig } from '../../../shared/schemas/run-config';

export interface TrainableOptimizer {
  /**
   * Advances the step count before a step's ops run; `step` calls it when the caller did not.
   * Called apart (train-step.ts does), it leaves the step's ops the same from one step to the next
   * (Adam's bias corrections are read from variables), so a backend can compile them.
   */
  beginStep(): void;
  /** One update with `grads[i]` for `variables[i]` at learning rate `lr`. */
  step(grads: readonly tf.Tensor[], lr: number): void;
  /** Copies of the state (velocities / moments, then the step count as a scalar). */
  getState(): tf.Tensor[];
  setState(state: readonly tf.Tensor[]): void;
  dispose(): void;
}

export function createOptimizer(cfg: RunConfig['optimizer'], variables: readonly tf.Variable[]): TrainableOptimizer {
  const zeros = () => variables.map((v) => tf.variable(tf.zerosLike(v), false));
  const slotsA = zeros();
  const slotsB = cfg.name === 'adam' ? zeros() : [];
  let t = 0;
  let begun = false;
  // Adam's bias corrections 1 − β1ᵗ and 1 − β2ᵗ, as float32 scalars like the chain's constants
  const corrections = cfg.name === 'adam' ? [tf.variable(tf.scalar(1), false), tf.variable(tf.scalar(1), false)] : [];
  const wd = cfg.weightDecay;
  const decayed = (g: tf.Tensor, w: tf.Variable) => (wd > 0 ? tf.add(g, tf.mul(w, wd)) : g);

  // One fused kernel per variable where the backend has it (optimizer-kernels.ts), same values.
  const fused = (kernel: string) => tf.getKernel(kernel, tf.getBackend()) !== undefined;
  const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: SgdUpdateAttrs | AdamUpdateAttrs) =>
    tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];

  const sgdStep = (grads: readonly tf.Tensor[], lr: number) => {
    const mu = cfg.momentum;
    if (mu > 0 && fused(SGD_UPDATE_KERNEL)) {
      const attrs: SgdUpdateAttrs = { lr, momentum: mu, weightDecay: wd, nesterov: cfg.nesterov };
      variables.forEach((w, i) => {
        const [w1, v1] = run(SGD_UPDATE_KERNEL, { w, g: grads[i]!, v: slotsA[i]! }, attrs);
        slotsA[i]!.assign(v1!);
        w.assign(w1!);
      });
      return;
    }
    variables.forEach((w, i) => {
      const g = decayed(grads[i]!, w);
      if (mu === 0) {
        w.assign(tf.sub(w, tf.mul(g, lr)));
        return;
      }
      const v = slotsA[i]!;
      v.assign(tf.add(tf.mul(v, mu), g));
      const direction = cfg.nesterov ? tf.add(g, tf.mul(v, mu)) : v;
      w.assign(tf.sub(w, tf.mul(direction, lr)));
    });
  };

  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const adamStep = (grads: readonly tf.Tensor[], lr: number) => {
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    if (fused(ADAM_UPDATE_KERNEL)) {
      const attrs: AdamUpdateAttrs = { lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd, c1, c2 };
      variables.forEach((w, i) => {
        const [w1, m1, v1] = run(ADAM_UPDATE_KERNEL, { w, g: grads[i]!, m: slotsA[i]!, v: slotsB[i]! }, attrs);
        slotsA[i]!.assign(m1!);
        slotsB[i]!.assign(v1!);
        w.assign(w1!);
      });
      return;
    }
    variables.forEach((w, i) => {
      const g = decayed(grads[i]!, w);
      const m = slotsA[i]!;
      const v = slotsB[i]!;
      m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
      v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
      const update = tf.div(tf.div(m, corrections[0]!), tf.add(tf.sqrt(tf.div(v, corrections[1]!)), eps));
      w.assign(tf.sub(w, tf.mul(update, lr)));
    });
  };

  return {
    beginStep() {
      t++;
      begun = true;
      // only the op chain reads them; the fused kernel takes them as attributes
      if (corrections.length && !fused(ADAM_UPDATE_KERNEL)) {
        tf.tidy(() => [1 - b1 ** t, 1 - b2 ** t].forEach((c, i) => corrections[i]!.assign(tf.scalar(c))));
      }
    },
    step(grads, lr) {
      if (!begun) this.beginStep();
      begun = false;
      tf.tidy(() => (cfg.name === 'adam' ? adamStep(grads, lr) : sgdStep(grads, lr)));
    },
    getState: (): tf.Tensor[] => [...[...slotsA, ...slotsB].map((s) => tf.clone(s) as tf.Tensor), tf.scalar(t)],
    setState(state) {
      const slots = [...slotsA, ...slotsB];
      if (state.length !== slots.length + 1) {
        throw new Error(`optimizer checkpoint holds ${state.length - 1} tensors, the model needs ${slots.length}`);
      }
      slots.forEach((s, i) => s.assign(state[i]!));
      t = state[slots.length]!.dataSync()[0]!;
    },
    dispose: () => tf.dispose([...slotsA, ...slotsB, ...corrections]),
  };
}
