// Gradient of a 2-D convolution with respect to its input (NHWC), as a matrix product + col2im.
//   dy [batch, outH, outW, outC], filter [kH, kW, inC, outC] → dx [batch, inH, inW, inC]
// Per chunk of output rows: cols [pixels, patch] = dy[pixels, outC] · filter[patch, outC]ᵀ
// (filter as stored is already the B operand of gemmNT), then col2im scatter-adds each patch
// back onto the input pixels it came from. Overlapping patches (stride < kernel) add up there.
// With a gemm engine installed (WebAssembly SIMD) the float32 variant of conv-engine.ts runs.
// A 1×1 stride-1 convolution needs no col2im: dx rows = dy rows · filterᵀ directly.
import { type ConvGeometry, isPointwise, rowsPerChunk } from './conv-geometry';
import { conv2dBackpropInputOn } from './conv-engine';
import { gemmNT } from './gemm';
import { gemmEngine } from './gemm-engine';
import { col2imRows } from './im2col';

/** cols chunk budget: 64 Ki doubles (512 KiB), hot in L2 between the product and col2im. */
const CHUNK_FLOATS = 64 * 1024;

export function conv2dBackpropInput(dy: Float32Array, filter: Float32Array, g: ConvGeometry): Float32Array {
  const engine = gemmEngine();
  if (engine) return conv2dBackpropInputOn(engine, dy, filter, g);
  const { batch, inH, inW, inC, outH, outW, outC, patch } = g;
  const dx = new Float32Array(batch * inH * inW * inC);
  if (dx.length === 0 || dy.length === 0) return dx;
  const pointwise = isPointwise(g);
  const filter64 = Float64Array.from(filter);
  const totalRows = batch * outH;
  const chunkRows = Math.min(totalRows, rowsPerChunk(g, patch + outC, CHUNK_FLOATS));
  const dyChunk = new Float64Array(chunkRows * outW * outC);
  const cols = new Float64Array(pointwise ? 0 : chunkRows * outW * patch);
  for (let row0 = 0; row0 < totalRows; row0 += chunkRows) {
    const rows = Math.min(chunkRows, totalRows - row0);
    const pixels = rows * outW;
    const src = row0 * outW * outC;
    for (let i = 0; i < pixels * outC; i++) dyChunk[i] = dy[src + i]!;
    if (pointwise) {
      gemmNT(pixels, inC, outC, dyChunk, 0, filter64, 0, dx, row0 * outW * inC, false);
    } else {
      gemmNT(pixels, patch, outC, dyChunk, 0, filter64, 0, cols, 0, false);
      col2imRows(cols, g, row0, rows, dx);
    }
  }
  return dx;
}
