// Forward 2-D convolution (NHWC) as im2col + matrix product, with the FusedConv2D epilogue
// (bias, activation) applied to each chunk while it is in cache.
//   x [batch, inH, inW, inC], filter [kH, kW, inC, outC] → y [batch, outH, outW, outC]
// Per chunk of output rows: cols [pixels, patch] = im2col(x); y[pixels, outC] = cols · filter,
// i.e. gemmNT with B = filterᵀ [outC, patch] so both operands stream along the patch.
// With a gemm engine installed (WebAssembly SIMD) the float32 variant of conv-engine.ts runs.
// (A 1×1 convolution takes the same path: its im2col is just the float64 copy gemmNT reads.)
import { type ConvGeometry, rowsPerChunk } from './conv-geometry';
import { applyEpilogue, type Epilogue, NO_EPILOGUE } from './epilogue';
import { conv2dForwardOn } from './conv-engine';
import { gemmNT } from './gemm';
import { gemmEngine } from './gemm-engine';
import { im2colRows } from './im2col';

/** im2col chunk budget: 64 Ki doubles (512 KiB) stays in L2 between im2col and the product. */
const CHUNK_FLOATS = 64 * 1024;

/** filter [patch, outC] → float64 [outC, patch]. */
export function transposeFilter(filter: Float32Array, patch: number, outC: number): Float64Array {
  const t = new Float64Array(patch * outC);
  for (let p = 0; p < patch; p++) {
    for (let c = 0; c < outC; c++) t[c * patch + p] = filter[p * outC + c]!;
  }
  return t;
}

export function conv2dForward(x: Float32Array, filter: Float32Array, g: ConvGeometry, epilogue: Epilogue = NO_EPILOGUE): Float32Array {
  const engine = gemmEngine();
  if (engine) return conv2dForwardOn(engine, x, filter, g, epilogue);
  const { batch, outH, outW, outC, patch } = g;
  const y = new Float32Array(batch * outH * outW * outC);
  if (y.length === 0) return y;
  const filterT = transposeFilter(filter, patch, outC);
  const totalRows = batch * outH;
  const chunkRows = Math.min(totalRows, rowsPerChunk(g, patch, CHUNK_FLOATS));
  const cols = new Float64Array(chunkRows * outW * patch);
  for (let row0 = 0; row0 < totalRows; row0 += chunkRows) {
    const rows = Math.min(chunkRows, totalRows - row0);
    const yOff = row0 * outW * outC;
    im2colRows(x, g, row0, rows, cols);
    gemmNT(rows * outW, outC, patch, cols, 0, filterT, 0, y, yOff, false);
    applyEpilogue(y, yOff, rows * outW * outC, outC, epilogue);
  }
  return y;
}
