// Batch normalisation in training mode as one kernel forward and one backward, for backends that
// register them (the fast cpu kernels: src-main/backends/cpu/batch-norm-train.ts; the native
// backend, as TensorFlow's fused ops: src-main/backends/tensorflow/batch-norm-train.ts). tfjs computes
// it as moments (Sub, Square, Mean, Mean) and FusedBatchNorm, and differentiates that chain op by
// op: about 20 passes over the activation per layer and step, more than half of a resnet8 step on
// the cpu backend. Over the N = B·H·W values of each channel c (Ioffe & Szegedy 2015, Alg. 1):
//   μ = Σ x / N,  σ² = Σ (x − μ)² / N (biased, as tf.moments),  x̂ = (x − μ) / √(σ² + ε),  y = γ·x̂ + β
//   ∂β = Σ dy,  ∂γ = Σ dy·x̂,  ∂x = γ / √(σ² + ε) · (dy − ∂β / N − x̂ · ∂γ / N)
// Backends without the kernels keep tfjs's own path (fast-batch-norm-layer.ts decides). The
// kernels' contract: forward inputs x [..., C], scale, offset [C], attribute epsilon, outputs
// y, μ and the biased σ² [C]; backward inputs dy, x, scale, μ, σ², attribute epsilon, outputs
// ∂x, ∂γ, ∂β.
import * as tf from '@tensorflow/tfjs';

export const BN_TRAIN_KERNEL = 'DistillBatchNormTrain';
export const BN_TRAIN_GRAD_KERNEL = 'DistillBatchNormTrainGrad';

export interface BatchNormTrainAttrs {
  epsilon: number;
}

tf.registerGradient({
  kernelName: BN_TRAIN_KERNEL,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, true, true], // μ and σ²
  gradFunc: (dys, saved, attrs) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    const [x, scale, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const [dx, dScale, dOffset] = tf.engine().runKernel(BN_TRAIN_GRAD_KERNEL, { dy, x, scale, mean, variance }, attrs) as tf.Tensor[];
    return { x: () => dx!, scale: () => dScale!, offset: () => dOffset! };
  },
});

/** Whether the active backend runs batch norm in training mode as one kernel each way. */
export function hasBatchNormTrainKernels(): boolean {
  const backend = tf.getBackend();
  return Boolean(tf.getKernel(BN_TRAIN_KERNEL, backend) && tf.getKernel(BN_TRAIN_GRAD_KERNEL, backend));
}

/**
 * y, and the batch's per-channel mean and biased variance, of x [..., C] (channels last) with
 * scale γ and offset β [C]. Differentiable in x, γ and β; call only when hasBatchNormTrainKernels().
 */
export function batchNormTrain(
  x: tf.Tensor,
  scale: tf.Tensor1D,
  offset: tf.Tensor1D,
  epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const attrs: BatchNormTrainAttrs = { epsilon };
  const [y, mean, variance] = tf.engine().runKernel(BN_TRAIN_KERNEL, { x, scale, offset }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { y: y!, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}
