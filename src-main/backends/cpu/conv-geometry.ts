// The shape facts of one 2-D convolution, flattened from tfjs' Conv2DInfo into plain numbers so
// the hot loops read locals, not nested objects. Layout is NHWC throughout:
//   x [batch, inH, inW, inC]   filter [kH, kW, inC, outC]   y [batch, outH, outW, outC]
// One im2col "patch" is the kH·kW·inC input values one output pixel sees, in filter order, so
// patch · filter-as-[patch, outC] is that pixel's output row.
import { backend_util } from '@tensorflow/tfjs';

export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  /** Zero rows above / columns left of the input (bottom/right padding is implied by outH/outW). */
  padTop: number;
  padLeft: number;
  /** kH · kW · inC: the length of one im2col patch. */
  patch: number;
}

/** Null when the fast kernels do not cover this convolution (NCHW): the caller uses the stock kernel. */
export function geometryOf(info: backend_util.Conv2DInfo): ConvGeometry | null {
  if (info.dataFormat !== 'channelsLast') return null;
  const { padInfo } = info;
  if (padInfo.top < 0 || padInfo.left < 0) return null;
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    padTop: padInfo.top,
    padLeft: padInfo.left,
    patch: info.filterHeight * info.filterWidth * info.inChannels,
  };
}

/** A 1×1, stride-1, unpadded convolution is a plain matrix product: x is already its im2col. */
export function isPointwise(g: ConvGeometry): boolean {
  return g.kH === 1 && g.kW === 1 && g.strideH === 1 && g.strideW === 1 && g.padTop === 0 && g.padLeft === 0 && g.outH === g.inH && g.outW === g.inW;
}

/**
 * Output columns [lo, hi) whose input column ow·stride − padLeft + kw·dilation lies inside the
 * image, for one filter column kw: outside that range the patch entry is a padding zero.
 */
export function validColumns(g: ConvGeometry, kw: number): [number, number] {
  const shift = g.padLeft - kw * g.dilationW;
  const lo = Math.max(0, Math.ceil(shift / g.strideW));
  const hi = Math.min(g.outW, Math.ceil((g.inW + shift) / g.strideW));
  return [lo, Math.max(lo, hi)];
}

/** How many output rows (of outW pixels each) to process per chunk so `floatsPerPixel` fit the budget. */
export function rowsPerChunk(g: ConvGeometry, floatsPerPixel: number, budgetFloats: number): number {
  return Math.max(1, Math.floor(budgetFloats / Math.max(1, floatsPerPixel * g.outW)));
}
