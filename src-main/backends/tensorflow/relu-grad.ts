// ReLU's gradient for the native TensorFlow backend as TensorFlow's own ReluGrad op: one op
// where tfjs's formula mul(dy, cast(step(x))) runs four (Sign and Relu for the step, Cast,
// Multiply) on every activation of every step; training/core/models/relu-grad.ts uses it where
// the kernel is registered. ReluGrad computes dy · [x > 0], the formula's product bit for bit
// (signed zeros, ±∞ and NaN in dy included), except where x is NaN: there it gives dy · 0 where
// the formula's step is NaN. Such a step already has a NaN loss, which training stops on either
// way (test/native/relu-grad-native.test.ts).
import * as tf from '@tensorflow/tfjs';
import { RELU_GRAD_KERNEL } from '../../training/core/models/relu-grad';
import { floatType, nodeBackend } from './node-backend';

/** Registers DistillReluGrad for the 'tensorflow' backend (a second call is a no-op). */
export function registerNativeReluGradKernel(): void {
  if (tf.getKernel(RELU_GRAD_KERNEL, 'tensorflow')) return;
  tf.registerKernel({
    kernelName: RELU_GRAD_KERNEL,
    backendName: 'tensorflow',
    kernelFunc: ({ inputs, backend }) => {
      const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
      if (dy.dtype !== 'float32' || x.dtype !== 'float32') throw new Error(`${RELU_GRAD_KERNEL}: dy and x must be float32 tensors`);
      const b = nodeBackend(backend);
      return b.executeSingleOutput('ReluGrad', [floatType(b)], [dy, x]);
    },
  });
}
