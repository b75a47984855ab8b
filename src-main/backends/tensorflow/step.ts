// The Step kernel (x > 0 ? 1 : alpha, NaN stays NaN) for the native TensorFlow backend. Every
// fused convolution or matMul with a ReLU multiplies dy by step(y) in its gradient (a plain
// ReLU's gradient is relu-grad.ts's single op). tfjs-node builds it from seven eager ops and two full-size
// constants (IsNan, Greater, Ones, Fill, Select, …). For float32 and alpha = 0 this is
// Relu(Sign(x)): two element-wise ops that give 1 for x > 0, 0 for x ≤ 0 (and −0), and keep NaN,
// exactly as tfjs's definition (test/native/step-native.test.ts holds the two equal, denormals
// and infinities included). Any other alpha or dtype runs tfjs-node's own kernel.
import * as tf from '@tensorflow/tfjs';
import { floatType, nodeBackend, replaceNativeKernel } from './node-backend';

/** Replaces tfjs-node's Step kernel for the 'tensorflow' backend (a second call is a no-op). */
export function registerNativeStepKernel(): void {
  replaceNativeKernel(tf.Step, (stock) => (args) => {
    const x = args.inputs.x as tf.Tensor;
    const { alpha } = args.attrs as unknown as tf.StepAttrs;
    if (alpha !== 0 || x.dtype !== 'float32') return stock(args);
    const backend = nodeBackend(args.backend);
    const attrs = [floatType(backend)];
    const sign = backend.executeSingleOutput('Sign', attrs, [x]);
    const step = backend.executeSingleOutput('Relu', attrs, [sign]);
    sign.dispose();
    return step;
  });
}
