// The Step kernel (x > 0 ? 1 : alpha, NaN stays NaN) for the native TensorFlow backend. Every
// fused convolution or matMul with a ReLU multiplies dy by step(y) in its gradient (a plain
// ReLU's gradient is relu-grad.ts's single op). tfjs-node builds it from seven eager ops and two full-size
// constants (IsNan, Greater, Ones, Fill, Select, …). For float32 and alpha = 0 this is
// Relu(Sign(x)): two element-wise ops that give 1 for x > 0, 0 for x ≤ 0 (and −0), and keep NaN,
// exactly as tfjs's definition (test/native/step-native.test.ts holds the two equal, denormals
// and infinities included). Any other alpha or dtype runs tfjs-node's own kernel.
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-node's NodeJSKernelBackend this kernel uses. */
interface NodeBackend {
  binding: { TF_ATTR_TYPE: number; TF_FLOAT: number };
  executeSingleOutput(name: string, attrs: { name: string; type: number; value: unknown }[], inputs: tf.TensorInfo[]): tf.Tensor;
}

/** Replaces tfjs-node's Step kernel for the 'tensorflow' backend (a second call is a no-op). */
export function registerNativeStepKernel(): void {
  const stock = tf.getKernel(tf.Step, 'tensorflow');
  if (!stock || (stock.kernelFunc as { distill?: true }).distill) return;
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = args.inputs.x as tf.Tensor;
    const { alpha } = args.attrs as unknown as tf.StepAttrs;
    if (alpha !== 0 || x.dtype !== 'float32') return stock.kernelFunc(args);
    const backend = args.backend as unknown as NodeBackend;
    const attrs = [{ name: 'T', type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT }];
    const sign = backend.executeSingleOutput('Sign', attrs, [x]);
    const step = backend.executeSingleOutput('Relu', attrs, [sign]);
    sign.dispose();
    return step;
  };
  Object.assign(kernelFunc, { distill: true });
  tf.unregisterKernel(tf.Step, 'tensorflow');
  tf.registerKernel({ ...stock, kernelFunc });
}
