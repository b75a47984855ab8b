// Gradient of a 2-D convolution with respect to its filter (NHWC): the kernel that takes ~90 %
// of a training step with the stock cpu backend (a 7-deep scalar loop through TensorBuffer.get).
//   x [batch, inH, inW, inC], dy [batch, outH, outW, outC] → dW [kH, kW, inC, outC]
// dW[patch, outC] = Σ_pixels cols[pixel, patch] · dy[pixel, outC], summed over the whole batch.
// Per chunk of output rows both operands are laid out along pixels — colsT [patch, pixels]
// (transposed im2col) and dyT [outC, pixels] — so gemmNT runs long unit-stride dot products,
// and chunks accumulate into a float64 dW: the whole batch sum is rounded once, like the stock kernel.
// With a gemm engine installed (WebAssembly SIMD) the float32 variant of conv-engine.ts runs.
import { type ConvGeometry, rowsPerChunk } from './conv-geometry';
import { conv2dBackpropFilterOn } from './conv-engine';
import { gemmNT } from './gemm';
import { gemmEngine } from './gemm-engine';
import { im2colColumns } from './im2col';

/**
 * Chunk budget for colsT + dyT: 96 Ki doubles (768 KiB). Keeps dyT (outC × pixels) in L2 while
 * every 4-row block of colsT streams past it, and a 4-row block (4 × pixels) in L1.
 */
const CHUNK_FLOATS = 96 * 1024;

export function conv2dBackpropFilter(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float32Array {
  const engine = gemmEngine();
  if (engine) return conv2dBackpropFilterOn(engine, x, dy, g);
  const { batch, outH, outW, outC, patch } = g;
  const acc = new Float64Array(patch * outC);
  const totalRows = batch * outH;
  if (totalRows === 0 || outW === 0 || acc.length === 0) return new Float32Array(acc.length);
  const chunkRows = Math.min(totalRows, rowsPerChunk(g, patch + outC, CHUNK_FLOATS));
  const colsT = new Float64Array(patch * chunkRows * outW);
  const dyT = new Float64Array(outC * chunkRows * outW);
  for (let row0 = 0; row0 < totalRows; row0 += chunkRows) {
    const rows = Math.min(chunkRows, totalRows - row0);
    const mc = rows * outW;
    im2colColumns(x, g, row0, rows, colsT);
    // dy rows of this chunk [mc, outC] → dyT [outC, mc]
    const src = row0 * outW * outC;
    for (let m = 0; m < mc; m++) {
      const s = src + m * outC;
      for (let c = 0; c < outC; c++) dyT[c * mc + m] = dy[s + c]!;
    }
    gemmNT(patch, outC, mc, colsT, 0, dyT, 0, acc, 0, true);
  }
  return Float32Array.from(acc);
}
