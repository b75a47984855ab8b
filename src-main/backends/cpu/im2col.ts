// im2col and its adjoint col2im over a chunk of output rows, NHWC, any stride, padding and
// dilation. A chunk is `rows` consecutive "global" output rows gr = b·outH + oh, so a chunk may
// span images and its pixels are exactly the contiguous rows of y / dy in NHWC.
//   im2colRows    → cols  [rows·outW, patch]   (one patch per pixel; forward and col2im side)
//   im2colColumns → colsT [patch, rows·outW]   (transposed; the filter gradient reads it along pixels)
//   col2imRows    ← cols  [rows·outW, patch]   scatter-added back into dx [batch, inH, inW, inC]
// Patch entry order is (kh, kw, ci), matching the filter layout [kH, kW, inC, outC]. cols are
// float64 (exact copies of the float32 inputs): the operand type gemmNT reads fastest; the
// WebAssembly engine's cols are float32 views of its memory (conv-engine.ts).
import { type ConvGeometry, validColumns } from './conv-geometry';

/** cols[m·patch + (kh·kW + kw)·inC + ci] = x at the input pixel output pixel m sees through (kh, kw). */
export function im2colRows(x: Float32Array, g: ConvGeometry, row0: number, rows: number, cols: Float64Array | Float32Array): void {
  const { outH, outW, inH, inW, inC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const runW = kW * inC;
  let d = 0;
  for (let r = 0; r < rows; r++) {
    const gr = row0 + r;
    const b = Math.floor(gr / outH);
    const oh = gr - b * outH;
    for (let ow = 0; ow < outW; ow++) {
      const iw0 = ow * strideW - padLeft;
      // With unit dilation and the whole filter width inside the image, one (kh) row of the patch
      // is a single contiguous run of kW·inC input values.
      const wholeRun = dilationW === 1 && iw0 >= 0 && iw0 + kW <= inW;
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * strideH - padTop + kh * dilationH;
        if (ih < 0 || ih >= inH) {
          for (let t = 0; t < runW; t++) cols[d + t] = 0;
          d += runW;
          continue;
        }
        const rowBase = (b * inH + ih) * inW;
        if (wholeRun) {
          const s = (rowBase + iw0) * inC;
          for (let t = 0; t < runW; t++) cols[d + t] = x[s + t]!;
          d += runW;
          continue;
        }
        for (let kw = 0; kw < kW; kw++) {
          const iw = iw0 + kw * dilationW;
          if (iw < 0 || iw >= inW) {
            for (let c = 0; c < inC; c++) cols[d + c] = 0;
          } else {
            const s = (rowBase + iw) * inC;
            for (let c = 0; c < inC; c++) cols[d + c] = x[s + c]!;
          }
          d += inC;
        }
      }
    }
  }
}

/** colsT[((kh·kW + kw)·inC + ci)·Mc + m] with Mc = rows·outW: the transpose of im2colRows. */
export function im2colColumns(x: Float32Array, g: ConvGeometry, row0: number, rows: number, colsT: Float64Array): void {
  const { outH, outW, inH, inW, inC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const mc = rows * outW;
  const step = strideW * inC;
  for (let kh = 0; kh < kH; kh++) {
    for (let kw = 0; kw < kW; kw++) {
      const kBase = (kh * kW + kw) * inC;
      const [lo, hi] = validColumns(g, kw);
      for (let r = 0; r < rows; r++) {
        const gr = row0 + r;
        const b = Math.floor(gr / outH);
        const oh = gr - b * outH;
        const ih = oh * strideH - padTop + kh * dilationH;
        const m0 = r * outW;
        const inside = ih >= 0 && ih < inH && hi > lo;
        const src0 = inside ? ((b * inH + ih) * inW + lo * strideW - padLeft + kw * dilationW) * inC : 0;
        for (let c = 0; c < inC; c++) {
          const dst = (kBase + c) * mc + m0;
          if (!inside) {
            for (let ow = 0; ow < outW; ow++) colsT[dst + ow] = 0;
            continue;
          }
          for (let ow = 0; ow < lo; ow++) colsT[dst + ow] = 0;
          let s = src0 + c;
          for (let ow = lo; ow < hi; ow++, s += step) colsT[dst + ow] = x[s]!;
          for (let ow = hi; ow < outW; ow++) colsT[dst + ow] = 0;
        }
      }
    }
  }
}

/** dx[input pixel, ci] += cols[m, (kh, kw, ci)]: the adjoint of im2colRows (padding entries dropped). */
export function col2imRows(cols: Float64Array | Float32Array, g: ConvGeometry, row0: number, rows: number, dx: Float32Array): void {
  const { outH, outW, inH, inW, inC, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const runW = kW * inC;
  let d = 0;
  for (let r = 0; r < rows; r++) {
    const gr = row0 + r;
    const b = Math.floor(gr / outH);
    const oh = gr - b * outH;
    for (let ow = 0; ow < outW; ow++) {
      const iw0 = ow * strideW - padLeft;
      const wholeRun = dilationW === 1 && iw0 >= 0 && iw0 + kW <= inW;
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * strideH - padTop + kh * dilationH;
        if (ih < 0 || ih >= inH) {
          d += runW;
          continue;
        }
        const rowBase = (b * inH + ih) * inW;
        if (wholeRun) {
          const s = (rowBase + iw0) * inC;
          for (let t = 0; t < runW; t++) dx[s + t]! += cols[d + t]!;
          d += runW;
          continue;
        }
        for (let kw = 0; kw < kW; kw++) {
          const iw = iw0 + kw * dilationW;
          if (iw >= 0 && iw < inW) {
            const s = (rowBase + iw) * inC;
            for (let c = 0; c < inC; c++) dx[s + c]! += cols[d + c]!;
          }
          d += inC;
        }
      }
    }
  }
}
