// Kernels of the batchNormTrain op (training/core/models/batch-norm-train.ts) for the native
// TensorFlow backend: TensorFlow's own FusedBatchNorm in training mode forward and
// FusedBatchNormGrad backward, one eager op each, instead of tfjs's chain of about 20 eager ops
// per layer and step. In training mode TensorFlow's reserve_space_1 and reserve_space_2 are the
// batch mean and the biased variance (its batch_variance output is Bessel-corrected, which tfjs's
// moving variance is not), so those are the op's μ and σ². FusedBatchNorm takes NHWC only: other
// ranks run as [1, 1, N, C].
import * as tf from '@tensorflow/tfjs';
import { floatType, nodeBackend, type NodeBackend } from './node-backend';
import { BN_TRAIN_GRAD_KERNEL, BN_TRAIN_KERNEL, type BatchNormTrainAttrs } from '../../training/core/models/batch-norm-train';

function opAttrs(backend: NodeBackend, epsilon: number) {
  const b = backend.binding;
  return [
    floatType(backend),
    { name: 'epsilon', type: b.TF_ATTR_FLOAT, value: epsilon },
    { name: 'data_format', type: b.TF_ATTR_STRING, value: 'NHWC' },
    { name: 'is_training', type: b.TF_ATTR_BOOL, value: true },
  ];
}

const asNhwc = (t: tf.Tensor) => (t.rank === 4 ? t : tf.reshape(t, [1, 1, -1, t.shape[t.rank - 1]!]));
/** Back to x's shape; an NHWC result is returned as it is (every reshape is an eager op on tfjs-node). */
const like = (t: tf.Tensor, x: tf.Tensor) => (x.rank === 4 ? t : tf.reshape(t, x.shape));

const forward: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, scale, offset } = inputs as { x: tf.Tensor; scale: tf.Tensor; offset: tf.Tensor };
  const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
  return tf.tidy(() => {
    const empty = tf.tensor1d([], 'float32');
    const [y, , , mean, variance] = nodeBackend(backend).executeMultipleOutputs(
      'FusedBatchNorm',
      opAttrs(nodeBackend(backend), epsilon),
      [asNhwc(x), scale, offset, empty, empty],
      5,
    );
    return [like(y!, x), mean!, variance!];
  });
};

const backward: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, x, scale, mean, variance } = inputs as Record<'dy' | 'x' | 'scale' | 'mean' | 'variance', tf.Tensor>;
  const { epsilon } = attrs as unknown as BatchNormTrainAttrs;
  return tf.tidy(() => {
    const [dx, dScale, dOffset] = nodeBackend(backend).executeMultipleOutputs(
      'FusedBatchNormGrad',
      opAttrs(nodeBackend(backend), epsilon),
      [asNhwc(dy), asNhwc(x), scale, mean, variance],
      5,
    );
    return [like(dx!, x), dScale!, dOffset!];
  });
};

/** Registers the two kernels for the 'tensorflow' backend (once; a second call is a no-op). */
export function registerNativeBatchNormKernels(): void {
  if (tf.getKernel(BN_TRAIN_KERNEL, 'tensorflow')) return;
  tf.registerKernel({ kernelName: BN_TRAIN_KERNEL, backendName: 'tensorflow', kernelFunc: forward });
  tf.registerKernel({ kernelName: BN_TRAIN_GRAD_KERNEL, backendName: 'tensorflow', kernelFunc: backward });
}
