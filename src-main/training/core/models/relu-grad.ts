// ReLU's gradient as one kernel, for backends that register it: the fast cpu kernels
// (src-main/backends/cpu/unary-kernels.ts) and native TensorFlow's ReluGrad op
// (src-main/backends/tensorflow/relu-grad.ts). tfjs differentiates relu as mul(dy, cast(step(x))):
// a step pass, a cast and a multiply over every activation of every ReLU layer, each writing a
// new tensor. This module re-registers Relu's gradient with the same formula,
//   ∂x = dy · s(x),   s(x) = 1 for x > 0, 0 for x ≤ 0, NaN for NaN x,
// run as the kernel DistillReluGrad (float32 inputs dy, x) where the active backend has one and as
// tfjs's own ops everywhere else. The cpu kernel is the formula bit for bit; TensorFlow's op is
// too except where x is NaN (dy · 0 there). Importing the module registers it (models/registry.ts
// does).
import * as tf from '@tensorflow/tfjs';

export const RELU_GRAD_KERNEL = 'DistillReluGrad';

tf.registerGradient({
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    const g = dy as tf.Tensor;
    const fused = x.dtype === 'float32' && g.dtype === 'float32' && tf.getKernel(RELU_GRAD_KERNEL, tf.getBackend());
    if (fused) return { x: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: g, x }) as tf.Tensor };
    return { x: () => tf.mul(g, tf.cast(tf.step(x), 'float32')) };
  },
});
