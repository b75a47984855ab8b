// tf.layers' Conv2D, whose training-mode call runs the unfused ops (conv2d, then the bias add)
// instead of tfjs's fused conv. The fused op's gradient (a customGrad) computes the gradients of
// all its inputs at once, so the first layer of every model also pays for ∂image, a full input-
// gradient convolution nobody reads (2.2 of 32 ms of an MNIST cnn step on the WebAssembly kernels).
// Conv2D's own gradient is one closure per input, and tfjs calls only those on the path from the
// weights. Same values: the fused kernels add the bias after the sum, as a separate Add does, and
// the bias gradient is the same sum over batch and space. Inference keeps the fused op. It is the
// same class to everything else: same weights and config, serialised as 'Conv2D'.
import * as tf from '@tensorflow/tfjs';

type ConvArgs = Parameters<typeof tf.layers.conv2d>[0];

/** The fields of tfjs's Conv2D this subclass reads (set by its constructor and build()). */
interface ConvFields {
  rank: number;
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  strides: number[];
  padding: 'same' | 'valid';
  dataFormat: string;
  dilationRate: number | number[];
  activation: { getClassName(): string };
}

type LayerClass = new (args: ConvArgs) => tf.layers.Layer;
const StockConv2D = tf.layers.conv2d({ filters: 1, kernelSize: 1 }).constructor as LayerClass;

class TrainableConv2D extends StockConv2D {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvFields;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const linear = self.activation.getClassName() === 'linear';
    if (!kwargs['training'] || self.rank !== 2 || self.dataFormat !== 'channelsLast' || !linear || x.rank !== 4) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const dilations = typeof self.dilationRate === 'number' ? self.dilationRate : (self.dilationRate as [number, number]);
      const y = tf.conv2d(x as tf.Tensor4D, self.kernel.read() as tf.Tensor4D, self.strides as [number, number], self.padding, 'NHWC', dilations);
      return self.bias ? tf.add(y, self.bias.read()) : y;
    });
  }
}

/** A Conv2D layer whose training step computes only the gradients it needs. */
export function trainableConv2d(args: ConvArgs): tf.layers.Layer {
  return new TrainableConv2D(args);
}
