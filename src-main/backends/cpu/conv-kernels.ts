// tfjs kernel functions for the convolution kernels of the cpu backend: read the attributes
// the way the stock kernels do (backend_util.computeConv2DInfo), run the im2col + gemm
// implementation, and hand anything it does not cover (NCHW, non-float32, prelu/elu/sigmoid
// activations) to the stock kernel function captured at registration time.
import {
  backend_util,
  type Conv2DAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type FusedConv2DAttrs,
  type KernelFunc,
} from '@tensorflow/tfjs';
import { conv2dBackpropFilter } from './conv-backprop-filter';
import { conv2dBackpropInput } from './conv-backprop-input';
import { conv2dForward } from './conv-forward';
import { geometryOf } from './conv-geometry';
import { floatValues, makeOutput } from './cpu-backend';
import { type Epilogue, isFusedActivation, NO_EPILOGUE } from './epilogue';

type Shape4 = [number, number, number, number];

function convInfo(
  xShape: number[],
  filterShape: number[],
  attrs: { strides: [number, number] | number; pad: Conv2DAttrs['pad']; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil' },
  dilations: [number, number] | number,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}

/** Conv2D: x [b, h, w, inC] * filter [kH, kW, inC, outC] → y [b, outH, outW, outC]. */
export function fastConv2D(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs;
    const attrs = args.attrs as unknown as Conv2DAttrs;
    const xv = floatValues(args.backend, x);
    const fv = floatValues(args.backend, filter);
    if (!x || !filter || !xv || !fv) return stock(args);
    const info = convInfo(x.shape, filter.shape, attrs, attrs.dilations);
    const g = geometryOf(info);
    if (!g) return stock(args);
    return makeOutput(args.backend, info.outShape, 'float32', conv2dForward(xv, fv, g));
  };
}

/** FusedConv2D: Conv2D, then + bias [outC] and relu / relu6 / leakyrelu / linear, in one pass. */
export function fastFusedConv2D(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter, bias } = args.inputs;
    const attrs = args.attrs as unknown as FusedConv2DAttrs;
    const xv = floatValues(args.backend, x);
    const fv = floatValues(args.backend, filter);
    if (!x || !filter || !xv || !fv || !isFusedActivation(attrs.activation)) return stock(args);
    if (attrs.activation === 'leakyrelu' && typeof attrs.leakyreluAlpha !== 'number') return stock(args);
    const info = convInfo(x.shape, filter.shape, attrs, attrs.dilations);
    const g = geometryOf(info);
    if (!g) return stock(args);
    let epilogue: Epilogue = { ...NO_EPILOGUE, activation: attrs.activation ?? 'linear', leakyreluAlpha: attrs.leakyreluAlpha ?? 0 };
    if (bias) {
      const bv = floatValues(args.backend, bias);
      if (!bv || (bv.length !== 1 && bv.length !== g.outC)) return stock(args);
      epilogue = { ...epilogue, bias: bv };
    }
    return makeOutput(args.backend, info.outShape, 'float32', conv2dForward(xv, fv, g, epilogue));
  };
}

/** Conv2DBackpropInput: dy [b, outH, outW, outC], filter → dx [b, inH, inW, inC] (attrs.inputShape). */
export function fastConv2DBackpropInput(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs;
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const dyv = floatValues(args.backend, dy);
    const fv = floatValues(args.backend, filter);
    if (!dy || !filter || !dyv || !fv) return stock(args);
    const info = convInfo(attrs.inputShape, filter.shape, attrs, 1);
    const g = geometryOf(info);
    if (!g) return stock(args);
    return makeOutput(args.backend, info.inShape, 'float32', conv2dBackpropInput(dyv, fv, g));
  };
}

/** Conv2DBackpropFilter: x, dy → dW [kH, kW, inC, outC] (attrs.filterShape), summed over the batch. */
export function fastConv2DBackpropFilter(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs;
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const xv = floatValues(args.backend, x);
    const dyv = floatValues(args.backend, dy);
    if (!x || !dy || !xv || !dyv) return stock(args);
    const info = convInfo(x.shape, attrs.filterShape, attrs, 1);
    const g = geometryOf(info);
    if (!g) return stock(args);
    return makeOutput(args.backend, info.filterShape, 'float32', conv2dBackpropFilter(xv, dyv, g));
  };
}
