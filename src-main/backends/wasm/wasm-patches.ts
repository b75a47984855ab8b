// im2col and col2im of patches.wat on the WebAssembly gemm's memory (wasm-gemm.ts owns it and
// exposes these as its im2colRows / col2imRows): the convolution kernels copy x (or zero dx) into
// that memory once per call, and each chunk's patches are then written or summed there with
// vector copies, where the JS loops of backends/cpu/im2col.ts moved one float at a time.
import type { ConvGeometry } from '../cpu/conv-geometry';
import { PATCHES_SIMD, PATCHES_SIMD_SHARED } from './kernels.generated';
import { instantiateOn } from './module-on-memory';

/** The convolution geometry these read (backends/cpu/conv-geometry.ts's, without the batch). */
export type PatchGeometry = Pick<
  ConvGeometry,
  'inH' | 'inW' | 'inC' | 'outH' | 'outW' | 'kH' | 'kW' | 'strideH' | 'strideW' | 'dilationH' | 'dilationW' | 'padTop' | 'padLeft'
>;

type PatchExport = (
  x: number,
  cols: number,
  inH: number,
  inW: number,
  inC: number,
  outH: number,
  outW: number,
  kH: number,
  kW: number,
  strideH: number,
  strideW: number,
  dilationH: number,
  dilationW: number,
  padTop: number,
  padLeft: number,
  row0: number,
  rows: number,
) => void;

export class WasmPatches {
  private readonly im2col: PatchExport;
  private readonly col2im: PatchExport;

  constructor(
    private readonly memory: WebAssembly.Memory,
    shared: boolean,
  ) {
    const exports = instantiateOn(memory, shared, { own: PATCHES_SIMD, shared: PATCHES_SIMD_SHARED });
    this.im2col = exports.im2col as PatchExport;
    this.col2im = exports.col2im as PatchExport;
  }

  /** cols [rows·outW, patch] ← x, for global output rows row0 .. row0 + rows − 1 (views of the memory). */
  im2colRows(x: Float32Array, g: PatchGeometry, row0: number, rows: number, cols: Float32Array): void {
    if (rows <= 0 || g.outW <= 0) return;
    this.check(x, g, row0, rows, cols);
    this.im2col(x.byteOffset, cols.byteOffset, ...this.args(g, row0, rows));
  }

  /** dx += col2im(cols) for the same rows; dx must hold the images those rows come from. */
  col2imRows(cols: Float32Array, g: PatchGeometry, row0: number, rows: number, dx: Float32Array): void {
    if (rows <= 0 || g.outW <= 0) return;
    this.check(dx, g, row0, rows, cols);
    this.col2im(cols.byteOffset, dx.byteOffset, ...this.args(g, row0, rows));
  }

  private args(g: PatchGeometry, row0: number, rows: number) {
    return [g.inH, g.inW, g.inC, g.outH, g.outW, g.kH, g.kW, g.strideH, g.strideW, g.dilationH, g.dilationW, g.padTop, g.padLeft, row0, rows] as const;
  }

  /** Both operands are live views of the memory and cover everything the chunk touches. */
  private check(image: Float32Array, g: PatchGeometry, row0: number, rows: number, cols: Float32Array): void {
    const images = Math.floor((row0 + rows - 1) / g.outH) + 1;
    const needImage = images * g.inH * g.inW * g.inC;
    const needCols = rows * g.outW * g.kH * g.kW * g.inC;
    for (const [v, need, what] of [
      [image, needImage, 'image'],
      [cols, needCols, 'cols'],
    ] as const) {
      if (v.buffer !== this.memory.buffer) throw new Error(`WasmPatches: ${what} is not a current view of the engine's memory`);
      if (need > v.length) throw new Error(`WasmPatches: ${what} has ${v.length} floats, the chunk touches ${need}`);
    }
    const overlap = image.byteOffset < cols.byteOffset + cols.byteLength && cols.byteOffset < image.byteOffset + image.byteLength;
    if (overlap) throw new Error('WasmPatches: image and cols overlap');
  }
}
