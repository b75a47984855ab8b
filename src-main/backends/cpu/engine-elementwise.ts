// ReLU, ReLU's gradient, the per-channel bias add and per-channel sums run on the gemm engine's
// element-wise passes (the WebAssembly SIMD ones, gemm-engine.ts) when one is installed: the
// operands are copied into engine memory (a memcpy), the pass runs four floats per instruction,
// and the result is copied out into a new array. The JS loops of unary-kernels.ts,
// broadcast-binary.ts and axis-reduce.ts cost about 1.5 ns a float; copy, pass and copy about a
// fifth of that. Each function returns null where the engine cannot take the case (no engine,
// channels not a multiple of 4, a tensor too small to pay for the call or too big for the
// engine's memory budget), and the caller keeps its JS loop. Values are the same bit for bit.
import { type ElementwisePasses, fitsEngine, type GemmEngine, gemmEngine } from './gemm-engine';

/** Below this many floats the JS loop is as fast as the copies and the call. */
export const ENGINE_ELEMENTWISE_MIN_FLOATS = 1024;

function passesFor(floats: number): { engine: GemmEngine; passes: ElementwisePasses } | null {
  const engine = gemmEngine();
  const passes = engine?.elementwise;
  if (!engine || !passes || floats < ENGINE_ELEMENTWISE_MIN_FLOATS || !fitsEngine(floats)) return null;
  return { engine, passes };
}

/** Whether the per-channel passes take x [n, C] of `floats` floats: C a positive multiple of 4 dividing it. */
const vectorChannels = (C: number, floats: number) => C > 0 && C % 4 === 0 && floats % C === 0;

/** max(x, 0) elementwise, or null (see the header). */
export function reluOnEngine(x: Float32Array): Float32Array | null {
  const on = passesFor(x.length);
  if (!on) return null;
  const [e] = on.engine.views([x.length]) as [Float32Array];
  e.set(x);
  on.passes.relu(e, e);
  return e.slice();
}

/** dy · s(x) elementwise (ReLU's gradient), or null. */
export function reluGradOnEngine(dy: Float32Array, x: Float32Array): Float32Array | null {
  const on = dy.length === x.length ? passesFor(2 * x.length) : null;
  if (!on) return null;
  const [dye, xe] = on.engine.views([dy.length, x.length]) as [Float32Array, Float32Array];
  dye.set(dy);
  xe.set(x);
  on.passes.reluGrad(dye, xe, dye);
  return dye.slice();
}

/** x [n, C] + bias [C] row by row (a broadcast Add over the last axis), or null. */
export function biasAddOnEngine(x: Float32Array, bias: Float32Array): Float32Array | null {
  const C = bias.length;
  const on = vectorChannels(C, x.length) ? passesFor(x.length) : null;
  if (!on) return null;
  const [e, b] = on.engine.views([x.length, C]) as [Float32Array, Float32Array];
  e.set(x);
  b.set(bias);
  on.passes.biasAdd(e, b);
  return e.slice();
}

/**
 * The bias loaded into `scratch` (an engine view of bias.length floats) for in-place adds onto
 * the convolution's output chunks with engine.elementwise.biasAdd; null when the engine cannot.
 */
export function biasInEngine(engine: GemmEngine, bias: Float32Array, scratch: Float32Array): Float32Array | null {
  const C = bias.length;
  if (!engine.elementwise || !vectorChannels(C, C) || scratch.length !== C) return null;
  scratch.set(bias);
  return scratch;
}

/** Σ_r x[r, c] over x [n, C] rounded to float32 (Sum over all axes but the last), or null. */
export function channelSumsOnEngine(x: Float32Array, C: number): Float32Array | null {
  const on = vectorChannels(C, x.length) ? passesFor(x.length) : null;
  if (!on) return null;
  const [e, scratch] = on.engine.views([x.length, 2 * C]) as [Float32Array, Float32Array];
  e.set(x);
  return Float32Array.from(on.passes.channelSums(e, C, scratch));
}
