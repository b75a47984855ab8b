// What a checkpoint holds besides the weights: where in the schedule the run is, so a resumed
// run continues bit-for-bit (the shuffle order and augmentation are functions of seed, epoch and
// global step, so no RNG state needs saving).
import type * as tf from '@tensorflow/tfjs';
import type { Term } from '../../../shared/schemas/run-config';
import type { HintAdapters } from './hint-adapters';
import type { TapModel } from './train-step';

export interface TrainingState {
  /** 0-based epoch in progress (config.epochs when finished). */
  epoch: number;
  /** Steps of that epoch already done. */
  stepInEpoch: number;
  globalStep: number;
  epochLossSum: number;
  epochHits: number;
  epochSeen: number;
  /** Metrics of the last finished epoch. */
  lastEval: Record<string, number>;
  /** The epoch (1-based) whose model scored best on the validation split so far, and its score. */
  best?: { epoch: number; valAcc: number };
  /** The term weights balanced at the start (config.balanceWeights), kept for a resume. */
  terms?: Term[];
}

export interface CheckpointPayload {
  state: TrainingState;
  student: TapModel;
  adapters: HintAdapters | null;
  /** Copies, disposed by the receiver. */
  optimizerState: tf.Tensor[];
}

export interface ResumePoint {
  state: TrainingState;
  /** In `model.getWeights()` order (includes BatchNorm moving statistics). */
  modelWeights: tf.Tensor[];
  adapterWeights: Record<string, tf.Tensor[]>;
  optimizerState: tf.Tensor[];
}

/** [H, W, C] of every output of a tap model, by tap name. */
export function tapShapes(m: TapModel): Map<string, [number, number, number]> {
  const shapes = new Map<string, [number, number, number]>();
  m.model.outputs.forEach((o, i) => {
    const s = o.shape;
    if (s.length === 4) shapes.set(m.taps[i]!, [s[1]!, s[2]!, s[3]!]);
  });
  return shapes;
}
