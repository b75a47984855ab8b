// The part of FusedConv2D that follows the convolution: add a per-channel bias, then an
// activation, applied in place to a chunk of y [pixels, outC] while it is still in cache.
// Arithmetic mirrors the stock kernels (Add, Relu, Relu6, LeakyRelu): each step is done in
// double precision and rounded to float32 on store, so given the same conv sums the bits match.

export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'leakyrelu';

export interface Epilogue {
  /** [outC] per-channel bias, or [1] broadcast to every channel; null for none. */
  bias: Float32Array | null;
  activation: FusedActivation;
  leakyreluAlpha: number;
}

export const NO_EPILOGUE: Epilogue = { bias: null, activation: 'linear', leakyreluAlpha: 0 };

export function isFusedActivation(a: unknown): a is FusedActivation {
  return a === undefined || a === null || a === 'linear' || a === 'relu' || a === 'relu6' || a === 'leakyrelu';
}

/** y[off .. off+len) viewed as [pixels, outC]: bias then activation, in place. */
export function applyEpilogue(y: Float32Array, off: number, len: number, outC: number, e: Epilogue): void {
  const { bias, activation } = e;
  if (bias) {
    if (bias.length === 1) {
      const b0 = bias[0]!;
      for (let i = off; i < off + len; i++) y[i] = y[i]! + b0;
    } else {
      for (let p = off; p < off + len; p += outC) {
        for (let c = 0; c < outC; c++) y[p + c] = y[p + c]! + bias[c]!;
      }
    }
  }
  if (activation === 'relu') {
    // `v < 0 ? 0 : v` keeps NaN as NaN (as Math.max does), so divergence stays visible.
    for (let i = off; i < off + len; i++) {
      const v = y[i]!;
      if (v < 0) y[i] = 0;
    }
  } else if (activation === 'relu6') {
    for (let i = off; i < off + len; i++) y[i] = Math.min(Math.max(0, y[i]!), 6);
  } else if (activation === 'leakyrelu') {
    const alpha = e.leakyreluAlpha;
    for (let i = off; i < off + len; i++) {
      const v = y[i]!;
      if (v < 0) y[i] = alpha * v;
    }
  }
}
