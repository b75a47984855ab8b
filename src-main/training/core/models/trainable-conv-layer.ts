// tf.layers' Conv2D, whose training-mode call computes only the gradients it needs. tfjs's fused
// conv (used by the stock layer) differentiates through a customGrad that computes the gradients
// of all its inputs at once, so the first layer of every model also paid for ∂image, a full
// input-gradient convolution nobody reads (2.2 of 32 ms of an MNIST cnn step on the WebAssembly
// kernels). In training this layer runs conv-bias.ts's kernel (a fused conv with a bias whose
// gradient is one closure per input; tfjs calls only those on the path from the weights), or
// conv2d then the bias add where that kernel does not apply (dilation) or there is no bias.
// Same values: the fused kernels add the bias after the sum, as a separate Add does, and the bias
// gradient is the same sum over batch and space. Inference keeps the fused op. It is the same
// class to everything else: same weights and config, serialised as 'Conv2D'.
import * as tf from '@tensorflow/tfjs';
import { convBias } from './conv-bias';

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
      const strides = self.strides as [number, number];
      const filter = self.kernel.read() as tf.Tensor4D;
      const unitDilation = [dilations].flat().every((d) => d === 1);
      if (self.bias && unitDilation) return convBias(x as tf.Tensor4D, filter, self.bias.read() as tf.Tensor1D, strides, self.padding);
      const y = tf.conv2d(x as tf.Tensor4D, filter, strides, self.padding, 'NHWC', dilations);
      return self.bias ? tf.add(y, self.bias.read()) : y;
    });
  }
}

/** A Conv2D layer whose training step computes only the gradients it needs. */
export function trainableConv2d(args: ConvArgs): tf.layers.Layer {
  return new TrainableConv2D(args);
}
