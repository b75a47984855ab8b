// The three convolution products on an injected float32 gemm engine (the WebAssembly SIMD one,
// gemm-engine.ts) instead of the JS gemm: same im2col / col2im as the JS path (conv-forward,
// conv-backprop-input, conv-backprop-filter), but im2col writes float32 straight into engine
// memory and the engine reads every operand in its stored layout through strides, so no
// operand is transposed or widened to float64. Sums are float32, like the stock kernels.
// Chunks of output rows keep cols (im2col) in L2 between its writing and the product. Where
// the engine has its own im2col / col2im (the WebAssembly one), x or dx is placed in engine
// memory once per call and the patches are moved there, four floats per instruction.
import { type ConvGeometry, isPointwise, rowsPerChunk } from './conv-geometry';
import { applyEpilogue, type Epilogue, NO_EPILOGUE } from './epilogue';
import { biasInEngine } from './engine-elementwise';
import { fitsEngine, type GemmEngine } from './gemm-engine';
import { col2imRows, im2colRows } from './im2col';

type Views4 = [Float32Array, Float32Array, Float32Array, Float32Array];
type Views5 = [...Views4, Float32Array];

/**
 * im2col of x through the engine (x copied into its memory by load(), the view from views()
 * with imageFloats floats) or through im2col.ts's JS loop (imageFloats 0, load() a no-op).
 */
function patchesOf(engine: GemmEngine, x: Float32Array) {
  const inEngine = engine.im2colRows !== undefined && fitsEngine(x.length);
  let image = x;
  return {
    imageFloats: inEngine ? x.length : 0,
    load(view: Float32Array) {
      if (!inEngine) return;
      view.set(x);
      image = view;
    },
    im2col(g: ConvGeometry, row0: number, rows: number, cols: Float32Array) {
      if (inEngine) engine.im2colRows!(image, g, row0, rows, cols);
      else im2colRows(x, g, row0, rows, cols);
    },
  };
}

/** Floats of the per-chunk operands (cols and the dy / y rows): 128 Ki floats = 512 KiB. */
const CHUNK_FLOATS = 128 * 1024;

/** y [pixels, outC] = cols [pixels, patch] · filter [patch, outC], then the epilogue. */
export function conv2dForwardOn(engine: GemmEngine, x: Float32Array, filter: Float32Array, g: ConvGeometry, epilogue: Epilogue = NO_EPILOGUE): Float32Array {
  const { batch, outH, outW, outC, patch } = g;
  const y = new Float32Array(batch * outH * outW * outC);
  if (y.length === 0) return y;
  const totalRows = batch * outH;
  const chunkRows = Math.min(totalRows, rowsPerChunk(g, patch + outC, CHUNK_FLOATS));
  const patches = patchesOf(engine, x);
  const bias = epilogue.bias;
  const [f, cols, yc, xe, be] = engine.views([
    patch * outC,
    chunkRows * outW * patch,
    chunkRows * outW * outC,
    patches.imageFloats,
    bias ? bias.length : 0,
  ]) as Views5;
  f.set(filter);
  patches.load(xe);
  // A per-channel bias is added in engine memory by the vector pass where it can be, then the
  // JS epilogue applies the activation alone.
  const engineBias = bias !== null && bias.length === outC ? biasInEngine(engine, bias, be) : null;
  const rest: Epilogue = engineBias ? { ...epilogue, bias: null } : epilogue;
  for (let row0 = 0; row0 < totalRows; row0 += chunkRows) {
    const rows = Math.min(chunkRows, totalRows - row0);
    const pixels = rows * outW;
    patches.im2col(g, row0, rows, cols);
    // A = cols rows along the patch; B(c, p) = filter[p·outC + c]: the filter as stored.
    engine.gemm(pixels, outC, patch, cols, patch, 1, f, 1, outC, yc, outC, false);
    const yOff = row0 * outW * outC;
    const chunk = yc.subarray(0, pixels * outC);
    if (engineBias) engine.elementwise!.biasAdd(chunk, engineBias);
    y.set(chunk, yOff);
    applyEpilogue(y, yOff, pixels * outC, outC, rest);
  }
  return y;
}

/** cols [pixels, patch] = dy [pixels, outC] · filter [patch, outC]ᵀ, then col2im onto dx. */
export function conv2dBackpropInputOn(engine: GemmEngine, dy: Float32Array, filter: Float32Array, g: ConvGeometry): Float32Array {
  const { batch, inH, inW, inC, outH, outW, outC, patch } = g;
  const dx = new Float32Array(batch * inH * inW * inC);
  if (dx.length === 0 || dy.length === 0) return dx;
  const pointwise = isPointwise(g); // cols are then dx's own rows (patch = inC)
  const totalRows = batch * outH;
  const chunkRows = Math.min(totalRows, rowsPerChunk(g, patch + outC, CHUNK_FLOATS));
  const inEngine = !pointwise && engine.col2imRows !== undefined && fitsEngine(dx.length);
  const [f, dyc, cols, dxe] = engine.views([patch * outC, chunkRows * outW * outC, chunkRows * outW * patch, inEngine ? dx.length : 0]) as Views4;
  f.set(filter);
  if (inEngine) dxe.fill(0);
  for (let row0 = 0; row0 < totalRows; row0 += chunkRows) {
    const rows = Math.min(chunkRows, totalRows - row0);
    const pixels = rows * outW;
    const src = row0 * outW * outC;
    dyc.set(dy.subarray(src, src + pixels * outC));
    // B(p, c) = filter[p·outC + c]: rows of the filter along outC, the product's K.
    engine.gemm(pixels, patch, outC, dyc, outC, 1, f, outC, 1, cols, patch, false);
    if (pointwise) dx.set(cols.subarray(0, pixels * inC), row0 * outW * inC);
    else if (inEngine) engine.col2imRows!(cols, g, row0, rows, dxe);
    else col2imRows(cols, g, row0, rows, dx);
  }
  if (inEngine) dx.set(dxe);
  return dx;
}

/** dW [patch, outC] = Σ over pixel chunks of cols [pixels, patch]ᵀ · dy [pixels, outC]. */
export function conv2dBackpropFilterOn(engine: GemmEngine, x: Float32Array, dy: Float32Array, g: ConvGeometry): Float32Array {
  const { batch, outH, outW, outC, patch } = g;
  const totalRows = batch * outH;
  if (totalRows === 0 || outW === 0 || patch * outC === 0) return new Float32Array(patch * outC);
  const chunkRows = Math.min(totalRows, rowsPerChunk(g, patch + outC, CHUNK_FLOATS));
  const patches = patchesOf(engine, x);
  const [cols, dyc, dw, xe] = engine.views([chunkRows * outW * patch, chunkRows * outW * outC, patch * outC, patches.imageFloats]) as Views4;
  patches.load(xe);
  for (let row0 = 0; row0 < totalRows; row0 += chunkRows) {
    const rows = Math.min(chunkRows, totalRows - row0);
    const pixels = rows * outW;
    patches.im2col(g, row0, rows, cols);
    const src = row0 * outW * outC;
    dyc.set(dy.subarray(src, src + pixels * outC));
    // A(p, m) = cols[m·patch + p] and B(c, m) = dy[m·outC + c]: both read down their columns;
    // chunks after the first add onto dW.
    engine.gemm(patch, outC, pixels, cols, 1, patch, dyc, 1, outC, dw, outC, row0 > 0);
  }
  return dw.slice();
}
