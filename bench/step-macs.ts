// Multiply-adds of a training step, counted at the kernels: while `countMacs` runs a function,
// every matrix-product and convolution kernel of the cpu backend (BatchMatMul, _FusedMatMul,
// Conv2D, FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter) adds the multiply-adds its
// shapes imply, then runs as usual. The distillation benchmark uses it for the arithmetic floor
// of each method's overhead:
//   floor = (MACs(method step) − MACs(CE step)) / MACs(CE step)
// i.e. the overhead a method would have if its extra products ran exactly as fast per
// multiply-add as the student's own convolutions. Element-wise work (AT's attention maps, batch
// norm, the losses' normalisations) is not counted: its floor is memory traffic, not arithmetic.
// Counts follow the mathematical product (a Gram matrix computed by halves still counts M·N·K).
import * as tf from '@tensorflow/tfjs';
import { planMatMul } from '../src-main/backends/cpu/batch-matmul';

type Args = Parameters<tf.KernelFunc>[0];
type Shape = readonly number[];

const prod = (xs: Shape) => xs.reduce((p, n) => p * n, 1);

function matMulMacs(args: Args): number {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA?: boolean; transposeB?: boolean };
  const plan = planMatMul(a.shape, b.shape, Boolean(transposeA), Boolean(transposeB));
  return plan ? plan.batch * plan.M * plan.N * plan.K : 0;
}

/** Output pixels × filter size: the forward product, and each of its two gradients, cost this. */
const convMacs = (outPixels: number, filter: Shape) => outPixels * prod(filter);

const COUNTERS: Record<string, (args: Args) => number> = {
  BatchMatMul: matMulMacs,
  _FusedMatMul: matMulMacs,
  // x [B, H, W, C_in], filter [kh, kw, C_in, C_out]; output pixels from the dy of the gradients.
  Conv2D: (args) => convForwardMacs(args),
  FusedConv2D: (args) => convForwardMacs(args),
  Conv2DBackpropInput: (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    return convMacs(prod(dy.shape.slice(0, 3)), filter.shape);
  },
  Conv2DBackpropFilter: (args) => {
    const { dy } = args.inputs as { dy: tf.TensorInfo };
    const { filterShape } = args.attrs as { filterShape: number[] };
    return convMacs(prod(dy.shape.slice(0, 3)), filterShape);
  },
};

function convForwardMacs(args: Args): number {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dilations, dataFormat, dimRoundingMode } = args.attrs as unknown as tf.Conv2DAttrs;
  if (dataFormat && dataFormat !== 'NHWC') return 0;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  return convMacs(info.batchSize * info.outHeight * info.outWidth, filter.shape);
}

/** Multiply-adds of the products `fn` runs on the cpu backend (kernels restored afterwards). */
export function countMacs(fn: () => void): number {
  let macs = 0;
  const swapped: tf.KernelConfig[] = [];
  for (const [name, count] of Object.entries(COUNTERS)) {
    const current = tf.getKernel(name, 'cpu');
    if (!current) continue;
    swapped.push(current);
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({
      ...current,
      kernelFunc: (args) => {
        macs += count(args);
        return current.kernelFunc(args);
      },
    });
  }
  try {
    fn();
  } finally {
    for (const config of swapped) {
      tf.unregisterKernel(config.kernelName, 'cpu');
      tf.registerKernel(config);
    }
  }
  return macs;
}
