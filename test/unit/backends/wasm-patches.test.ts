// The WebAssembly im2col / col2im (patches.wat through wasm-patches.ts) against the definition,
// written out here one float at a time: cols[m, (kh, kw, ci)] = x at output pixel m's input pixel
// through (kh, kw), 0 in the padding, and col2im as its adjoint summed in the same order, so both
// must agree exactly. Geometries cover stride, dilation, asymmetric padding, a kernel wider than
// the image, channel counts that are not multiples of four, and chunks that start mid-batch and
// span images; on the one-thread engine's own memory and the threaded engine's shared memory.
import { afterAll, describe, expect, it } from 'vitest';
import { loadWasmGemm, supportedVariant, type WasmGemm } from '../../../src-main/backends/wasm/wasm-gemm';
import type { PatchGeometry } from '../../../src-main/backends/wasm/wasm-patches';
import { randomFloats } from './random-floats';

interface Geometry extends PatchGeometry {
  batch: number;
}

function geometry(
  batch: number,
  inH: number,
  inW: number,
  inC: number,
  k: [number, number],
  stride: [number, number],
  dilation: [number, number],
  pad: [number, number, number, number],
): Geometry {
  const [kH, kW] = k;
  const [padTop, padBottom, padLeft, padRight] = pad;
  const outH = Math.floor((inH + padTop + padBottom - ((kH - 1) * dilation[0] + 1)) / stride[0]) + 1;
  const outW = Math.floor((inW + padLeft + padRight - ((kW - 1) * dilation[1] + 1)) / stride[1]) + 1;
  return { batch, inH, inW, inC, outH, outW, kH, kW, strideH: stride[0], strideW: stride[1], dilationH: dilation[0], dilationW: dilation[1], padTop, padLeft };
}

const CASES: Geometry[] = [
  geometry(2, 7, 9, 3, [3, 3], [1, 1], [1, 1], [1, 1, 1, 1]),
  geometry(3, 8, 8, 16, [3, 3], [2, 2], [1, 1], [0, 1, 0, 1]), // tfjs 'same' at stride 2: bottom/right
  geometry(2, 9, 11, 5, [5, 3], [1, 2], [2, 1], [4, 4, 1, 1]), // dilation along H
  geometry(1, 10, 10, 4, [3, 3], [1, 1], [1, 2], [2, 2, 2, 2]), // dilation along W: no whole runs
  geometry(4, 6, 5, 1, [1, 1], [1, 1], [1, 1], [0, 0, 0, 0]), // pointwise, one channel
  geometry(2, 3, 3, 2, [5, 5], [1, 1], [1, 1], [2, 2, 2, 2]), // kernel wider than the image
  geometry(2, 12, 12, 7, [3, 3], [2, 2], [1, 1], [0, 0, 0, 0]),
  geometry(2, 5, 6, 33, [3, 3], [1, 1], [1, 1], [1, 2, 0, 2]), // asymmetric padding
];

const patch = (g: Geometry) => g.kH * g.kW * g.inC;

function inputAt(g: Geometry, m: number, kh: number, kw: number): number {
  const b = Math.floor(m / (g.outH * g.outW));
  const oh = Math.floor(m / g.outW) % g.outH;
  const ow = m % g.outW;
  const ih = oh * g.strideH - g.padTop + kh * g.dilationH;
  const iw = ow * g.strideW - g.padLeft + kw * g.dilationW;
  if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) return -1;
  return ((b * g.inH + ih) * g.inW + iw) * g.inC;
}

function referenceCols(g: Geometry, x: Float32Array, row0: number, rows: number): Float32Array {
  const cols = new Float32Array(rows * g.outW * patch(g));
  let d = 0;
  for (let m = row0 * g.outW; m < (row0 + rows) * g.outW; m++)
    for (let kh = 0; kh < g.kH; kh++)
      for (let kw = 0; kw < g.kW; kw++) {
        const s = inputAt(g, m, kh, kw);
        for (let ci = 0; ci < g.inC; ci++) cols[d++] = s < 0 ? 0 : x[s + ci]!;
      }
  return cols;
}

function referenceCol2im(g: Geometry, cols: Float32Array, row0: number, rows: number, dx: Float32Array): void {
  let d = 0;
  for (let m = row0 * g.outW; m < (row0 + rows) * g.outW; m++)
    for (let kh = 0; kh < g.kH; kh++)
      for (let kw = 0; kw < g.kW; kw++) {
        const s = inputAt(g, m, kh, kw);
        for (let ci = 0; ci < g.inC; ci++, d++) if (s >= 0) dx[s + ci] = Math.fround(dx[s + ci]! + cols[d]!);
      }
}

const engines: WasmGemm[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
});

describe.skipIf(supportedVariant() === null)('WebAssembly im2col and col2im', () => {
  for (const threads of [1, 2]) {
    it(`match the definition exactly, chunk by chunk (${threads === 1 ? 'own memory' : 'shared memory'})`, () => {
      const engine = loadWasmGemm(supportedVariant(), threads)!;
      engines.push(engine);
      CASES.forEach((g, n) => {
        const imageFloats = g.batch * g.inH * g.inW * g.inC;
        const x = randomFloats(imageFloats, 11 + n);
        const totalRows = g.batch * g.outH;
        // chunks of 1, 2 and 5 rows: starts inside an image, chunks across image boundaries
        for (const chunk of [1, 2, 5, totalRows]) {
          const [xe, cols, dxe] = engine.views([imageFloats, chunk * g.outW * patch(g), imageFloats]);
          xe!.set(x);
          dxe!.fill(0);
          const want = new Float32Array(imageFloats);
          for (let row0 = 0; row0 < totalRows; row0 += chunk) {
            const rows = Math.min(chunk, totalRows - row0);
            cols!.fill(NaN); // every entry must be written, padding included
            engine.im2colRows(xe!, g, row0, rows, cols!);
            const expected = referenceCols(g, x, row0, rows);
            expect(Array.from(cols!.subarray(0, expected.length)), `im2col case ${n} rows ${row0}+${rows}`).toEqual(Array.from(expected));
            engine.col2imRows(cols!, g, row0, rows, dxe!);
            referenceCol2im(g, expected, row0, rows, want);
          }
          expect(Array.from(dxe!), `col2im case ${n} chunk ${chunk}`).toEqual(Array.from(want));
        }
      });
    });
  }

  it('refuses operands outside its memory, too short, or overlapping', () => {
    const engine = loadWasmGemm(supportedVariant(), 1)!;
    engines.push(engine);
    const g = CASES[0]!;
    const imageFloats = g.batch * g.inH * g.inW * g.inC;
    const [xe, cols] = engine.views([imageFloats, g.outW * patch(g)]);
    expect(() => engine.im2colRows(new Float32Array(imageFloats), g, 0, 1, cols!)).toThrow(/not a current view/);
    expect(() => engine.im2colRows(xe!, g, 0, 2, cols!)).toThrow(/cols has \d+ floats, the chunk touches/);
    expect(() => engine.im2colRows(xe!.subarray(0, 10), g, 0, 1, cols!)).toThrow(/image has 10 floats/);
    const [big] = engine.views([imageFloats + g.outW * patch(g)]);
    expect(() => engine.im2colRows(big!.subarray(0, imageFloats), g, 0, 1, big!.subarray(imageFloats - 8))).toThrow(/overlap/);
  });
});
