// tf.layers' BatchNormalization, whose training-mode call runs batchNormTrain (one kernel forward,
// one backward: batch-norm-train.ts) when the active backend has those kernels (the fast cpu
// kernels and the native backend do), and tfjs's own path otherwise (inference, stock kernels). It is the same class to everything else: same
// weights, same config, serialised as 'BatchNormalization', so saved and exported models load
// with stock tfjs. The moving statistics are updated as tfjs does it:
//   moving ← moving − (moving − batch value) · (1 − momentum)
import * as tf from '@tensorflow/tfjs';
import { batchNormTrain, hasBatchNormTrainKernels } from './batch-norm-train';

type BatchNormArgs = Parameters<typeof tf.layers.batchNormalization>[0];

/** The fields of tfjs's BatchNormalization this subclass reads (set by its build()). */
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

type LayerClass = new (args: BatchNormArgs) => tf.layers.Layer;
const StockBatchNorm = tf.layers.batchNormalization({}).constructor as LayerClass;

class FastBatchNormalization extends StockBatchNorm {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as BatchNormFields;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const lastAxis = self.axis === -1 || self.axis === x.rank - 1;
    if (!kwargs['training'] || !lastAxis || !self.center || !self.scale || x.dtype !== 'float32' || !hasBatchNormTrainKernels()) {
      return super.call(inputs, kwargs);
    }
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTrain(x, self.gamma.read() as tf.Tensor1D, self.beta.read() as tf.Tensor1D, self.epsilon);
      const decay = 1 - self.momentum;
      for (const [variable, value] of [
        [self.movingMean, mean],
        [self.movingVariance, variance],
      ] as const) {
        const orig = variable.read();
        variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), decay)));
      }
      return y;
    });
  }
}

/** A BatchNormalization layer with the fused training path. */
export function fastBatchNormalization(args: BatchNormArgs): tf.layers.Layer {
  return new FastBatchNormalization(args);
}
