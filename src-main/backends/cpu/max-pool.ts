// 2-D max pooling (NHWC) and its gradient, channel-innermost so every read is unit-stride.
// The stock kernels loop channel-outermost through TensorBuffer.get, and the gradient recomputes
// each window's argmax from every dx pixel's point of view: after the convolutions are fast,
// MaxPoolGrad is the largest kernel of the small MNIST CNN's training step.
// Semantics follow the stock kernels exactly: a window's max is found by `v > best` from −∞ in
// row-major window order over the non-padding pixels (first maximum wins, NaN never wins), and
// the gradient of each window goes entirely to that first maximum. With the WebAssembly engine
// installed and C a multiple of 4, both run there (wasm/max-pool.wat; the gradient when windows
// do not overlap), four channels per instruction, with the same semantics.
import { backend_util, type KernelFunc, type MaxPoolAttrs, type MaxPoolGradAttrs } from '@tensorflow/tfjs';
import { floatValues, makeOutput } from './cpu-backend';
import { fitsEngine, type GemmEngine, gemmEngine, type PoolGeometry } from './gemm-engine';

type PoolInfo = backend_util.Conv2DInfo;

/** The engine's pooling kernels and the geometry, when it has them and they cover this pooling. */
function onEngine(info: PoolInfo, needDisjoint: boolean, engine: GemmEngine | null = gemmEngine()) {
  const passes = engine?.pooling;
  const C = info.inChannels;
  if (!passes || C % 4 !== 0 || C === 0 || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const input = info.batchSize * info.inHeight * info.inWidth * C;
  const output = info.batchSize * info.outHeight * info.outWidth * C;
  if (!fitsEngine(needDisjoint ? 2 * input + output : input + output)) return null;
  const disjoint = info.strideHeight >= info.effectiveFilterHeight && info.strideWidth >= info.effectiveFilterWidth;
  if (needDisjoint && !disjoint) return null;
  const g: PoolGeometry = {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    C,
    outH: info.outHeight,
    outW: info.outWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    winH: info.effectiveFilterHeight,
    winW: info.effectiveFilterWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
  return { engine: engine!, passes, g };
}

/** Window rows/cols of output pixel (yR, yC) clipped to the image: [r0, r1) × [c0, c1). */
function windowOf(info: PoolInfo, yR: number, yC: number): [number, number, number, number] {
  const rC = yR * info.strideHeight - info.padInfo.top;
  const cC = yC * info.strideWidth - info.padInfo.left;
  return [Math.max(0, rC), Math.min(info.inHeight, rC + info.effectiveFilterHeight), Math.max(0, cC), Math.min(info.inWidth, cC + info.effectiveFilterWidth)];
}

export function maxPoolForward(x: Float32Array, info: PoolInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const wasm = onEngine(info, false);
  if (wasm && x.length > 0) {
    const [xe, ye] = wasm.engine.views([x.length, batchSize * outHeight * outWidth * C]) as [Float32Array, Float32Array];
    xe.set(x);
    wasm.passes.maxPool(xe, ye, wasm.g);
    return ye.slice();
  }
  const y = new Float32Array(batchSize * outHeight * outWidth * C).fill(Number.NEGATIVE_INFINITY);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++, o += C) {
        const [r0, r1, c0, c1] = windowOf(info, yR, yC);
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) {
            const s = ((b * inHeight + r) * inWidth + c) * C;
            for (let d = 0; d < C; d++) {
              const v = x[s + d]!;
              if (v > y[o + d]!) y[o + d] = v;
            }
          }
        }
      }
    }
  }
  return y;
}

/**
 * maxPoolBackward on `engine`'s pooling pass (windows that do not overlap, C a multiple of 4,
 * within the engine's budget); null where that pass does not apply.
 */
export function maxPoolBackwardOn(engine: GemmEngine | null, dy: Float32Array, x: Float32Array, info: PoolInfo): Float32Array | null {
  const size = info.batchSize * info.inHeight * info.inWidth * info.inChannels;
  const wasm = onEngine(info, true, engine);
  if (!wasm || size === 0) return null;
  const [dye, xe, dxe] = wasm.engine.views([dy.length, size, size]) as [Float32Array, Float32Array, Float32Array];
  dye.set(dy);
  xe.set(x);
  dxe.fill(0);
  wasm.passes.maxPoolGrad(dye, xe, dxe, wasm.g);
  return dxe.slice();
}

/** dx [b, h, w, C]: each dy value added at its window's first maximum of x. */
export function maxPoolBackward(dy: Float32Array, x: Float32Array, info: PoolInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const size = batchSize * inHeight * inWidth * C;
  const onWasm = maxPoolBackwardOn(gemmEngine(), dy, x, info);
  if (onWasm) return onWasm;
  // Disjoint windows give each dx pixel at most one term; overlapping ones sum in double, once rounded.
  const overlap = info.strideHeight < info.effectiveFilterHeight || info.strideWidth < info.effectiveFilterWidth;
  const acc = overlap ? new Float64Array(size) : new Float32Array(size);
  const best = new Float64Array(C);
  const arg = new Int32Array(C);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++, o += C) {
        const [r0, r1, c0, c1] = windowOf(info, yR, yC);
        best.fill(Number.NEGATIVE_INFINITY);
        arg.fill(-1);
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) {
            const s = ((b * inHeight + r) * inWidth + c) * C;
            for (let d = 0; d < C; d++) {
              const v = x[s + d]!;
              if (v > best[d]!) {
                best[d] = v;
                arg[d] = s + d;
              }
            }
          }
        }
        for (let d = 0; d < C; d++) {
          const at = arg[d]!;
          if (at >= 0) acc[at]! += dy[o + d]!;
        }
      }
    }
  }
  return acc instanceof Float32Array ? acc : Float32Array.from(acc);
}

export function poolInfo(shape: number[], attrs: MaxPoolAttrs): PoolInfo {
  return backend_util.computePool2DInfo(shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
}

export function fastMaxPool(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const xv = floatValues(args.backend, x);
    if (!x || !xv || x.shape.length !== 4) return stock(args);
    const info = poolInfo(x.shape, args.attrs as unknown as MaxPoolAttrs);
    if (info.dataFormat !== 'channelsLast') return stock(args);
    return makeOutput(args.backend, info.outShape, 'float32', maxPoolForward(xv, info));
  };
}

export function fastMaxPoolGrad(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs;
    const dyv = floatValues(args.backend, dy);
    const xv = floatValues(args.backend, input);
    if (!dy || !input || !dyv || !xv || input.shape.length !== 4) return stock(args);
    const info = poolInfo(input.shape, args.attrs as unknown as MaxPoolGradAttrs);
    if (info.dataFormat !== 'channelsLast') return stock(args);
    return makeOutput(args.backend, input.shape, 'float32', maxPoolBackward(dyv, xv, info));
  };
}
