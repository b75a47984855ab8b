// A convolution with its bias added, as one kernel whose gradient is one closure per input, for
// the training path of trainable-conv-layer.ts. tfjs offers either conv2d followed by a separate
// Add (an extra pass and, on the portable kernels, an extra copy of every activation through
// WebAssembly memory) or the fused op, whose gradient computes ∂x even where nothing reads it (a
// model's first layer). The kernel DistillConv2DBias runs the active backend's own FusedConv2D
// with a bias and no activation; its gradient is Conv2D's and Add's:
//   ∂x = conv2DBackpropInput(dy, W)   ∂W = conv2DBackpropFilter(x, dy)   ∂b = Σ_{n,h,w} dy
// and tfjs calls only the closures on the path from the weights. The values are those of
// conv2d + add on every backend: each FusedConv2D kernel adds the bias after the sum, as Add
// does. Where a backend has no FusedConv2D, convBias() falls back to conv2d + add.
import * as tf from '@tensorflow/tfjs';

export const CONV_BIAS_KERNEL = 'DistillConv2DBias';

interface ConvBiasAttrs {
  strides: [number, number];
  pad: 'same' | 'valid';
}

/** Registers the kernel for `backend` over its FusedConv2D once; false when the backend has none. */
function ensureKernel(backend: string): boolean {
  if (tf.getKernel(CONV_BIAS_KERNEL, backend)) return true;
  const fused = tf.getKernel(tf.FusedConv2D, backend);
  if (!fused) return false;
  tf.registerKernel({
    kernelName: CONV_BIAS_KERNEL,
    backendName: backend,
    kernelFunc: ({ inputs, attrs, backend: b }) => {
      const { strides, pad } = attrs as unknown as ConvBiasAttrs;
      // Looked up per call: the fast cpu kernels may be swapped in or out after registration.
      const current = tf.getKernel(tf.FusedConv2D, backend)!;
      return current.kernelFunc({
        inputs: { x: inputs.x!, filter: inputs.filter!, bias: inputs.bias! },
        attrs: { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], activation: 'linear' },
        backend: b,
      });
    },
  });
  return true;
}

tf.registerGradient({
  kernelName: CONV_BIAS_KERNEL,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const g = dy as tf.Tensor4D;
    const { strides, pad } = attrs as unknown as ConvBiasAttrs;
    return {
      x: () => tf.conv2dTranspose(g, filter, x.shape, strides, pad),
      filter: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: g }, { strides, pad, dataFormat: 'NHWC', filterShape: filter.shape }) as tf.Tensor,
      bias: () => tf.sum(g, [0, 1, 2]),
    };
  },
});

/** conv2d(x, filter) + bias (NHWC, unit dilation) with the gradient above. */
export function convBias(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, strides: [number, number], pad: 'same' | 'valid'): tf.Tensor4D {
  if (!ensureKernel(tf.getBackend())) return tf.add(tf.conv2d(x, filter, strides, pad), bias);
  const attrs: ConvBiasAttrs = { strides, pad };
  return tf.engine().runKernel(CONV_BIAS_KERNEL, { x, filter, bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
