// The seam by which a backend may run whole training steps as one compiled graph instead of op
// by op (the native backend: src-main/backends/tensorflow/graph-step.ts, set by the worker).
// train-step.ts hands each step to it with a key naming everything the step's ops depend on
// besides the batch and the variables; without one set, steps run eagerly.
import type * as tf from '@tensorflow/tfjs';

export interface EagerStep {
  /** The numbers the step read back (train-step.ts: total, raw and weighted terms, hits). */
  read: Float32Array;
  /** False when the step skipped its updates (a non-finite loss): such a step is not compiled. */
  complete: boolean;
}

export interface StepGraphs {
  /**
   * Runs one step: eagerly through `eager`, or by a graph compiled from earlier eager steps of
   * the same `key`, fed `inputs` and the current variables. A graph's updates are applied only if
   * `accept(read)` holds, as the eager step applies them. Returns the numbers read back.
   */
  step(key: string, inputs: readonly tf.Tensor[], eager: () => EagerStep, accept: (read: Float32Array) => boolean): Float32Array;
  /** Releases the compiled graphs. */
  dispose(): void;
  /** Told why steps of a key run eagerly after all (the training loop logs it). */
  onNote?: (message: string) => void;
}

let active: StepGraphs | null = null;

/** Set by the worker for its backend (null: eager steps). */
export function setStepGraphs(graphs: StepGraphs | null): void {
  active?.dispose();
  active = graphs;
}

export const stepGraphs = (): StepGraphs | null => active;
