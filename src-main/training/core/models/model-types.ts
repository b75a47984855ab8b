// Shared shape of a model in the zoo: a tf.LayersModel whose outputs are [logits, ...feature taps].
import type * as tf from '@tensorflow/tfjs';

export interface BuiltModel {
  /** outputs[0] is the logits [B, classes]; outputs[i] is the tap named taps[i]. */
  model: tf.LayersModel;
  taps: string[];
}

export interface ModelSpec {
  name: string;
  description: string;
  /** Builds a fresh model; weight initialisation is fixed by `seed`. */
  build(inputShape: [number, number, number], numClasses: number, seed: number): BuiltModel;
}
