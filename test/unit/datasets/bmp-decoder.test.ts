// The BMP decoder (libvips has none): 24-bit, 32-bit (plain and BI_BITFIELDS), 8/4/1-bit
// paletted, bottom-up and top-down rows with padding, exact pixels; compressed and damaged files
// refused with the reason.
import { describe, expect, it } from 'vitest';
import { decodeBmp } from '../../../src-main/datasets/formats/bmp-decoder';
import { bmp24, bmp8 } from '../../fixtures/datasets/generate';

// 3×2 image (odd width: rows are padded to 4 bytes).
const RGB = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);

/** A 32-bit BMP, optionally with BI_BITFIELDS masks (BITMAPV4-style header offsets). */
function bmp32(width: number, height: number, rgb: Uint8Array, bitfields: boolean): Buffer {
  const offset = bitfields ? 66 : 54;
  const out = Buffer.alloc(offset + width * height * 4);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(offset, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(-height, 22); // top-down
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(32, 28);
  out.writeUInt32LE(bitfields ? 3 : 0, 30);
  if (bitfields) {
    out.writeUInt32LE(0x00ff0000, 54);
    out.writeUInt32LE(0x0000ff00, 58);
    out.writeUInt32LE(0x000000ff, 62);
  }
  for (let i = 0; i < width * height; i++) {
    out.set([rgb[i * 3 + 2]!, rgb[i * 3 + 1]!, rgb[i * 3]!, 255], offset + i * 4);
  }
  return out;
}

describe('BMP decoder', () => {
  it('decodes 24-bit bottom-up rows with padding', () => {
    const d = decodeBmp(bmp24(3, 2, RGB));
    expect([d.width, d.height]).toEqual([3, 2]);
    expect(Array.from(d.data)).toEqual(Array.from(RGB));
  });

  it.each([false, true])('decodes 32-bit top-down pixels (bitfields: %s)', (bitfields) => {
    expect(Array.from(decodeBmp(bmp32(3, 2, RGB, bitfields)).data)).toEqual(Array.from(RGB));
  });

  it('decodes 8-bit paletted pixels through the palette', () => {
    const d = decodeBmp(
      bmp8(3, 2, Uint8Array.from([0, 1, 2, 2, 1, 0]), [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ]),
    );
    expect(Array.from(d.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 8, 9, 4, 5, 6, 1, 2, 3]);
  });

  it('decodes 1-bit and 4-bit paletted pixels', () => {
    const one = bmp8(8, 1, new Uint8Array(8), [
      [0, 0, 0],
      [255, 255, 255],
    ]);
    one.writeUInt16LE(1, 28);
    one[54 + 8] = 0b10100000; // pixel bits, most significant first
    expect(Array.from(decodeBmp(one).data.subarray(0, 9))).toEqual([255, 255, 255, 0, 0, 0, 255, 255, 255]);
    const four = bmp8(2, 1, new Uint8Array(2), [
      [0, 0, 0],
      [9, 9, 9],
      [5, 6, 7],
    ]);
    four.writeUInt16LE(4, 28);
    four[54 + 12] = 0x21;
    expect(Array.from(decodeBmp(four).data)).toEqual([5, 6, 7, 9, 9, 9]);
  });

  it('refuses RLE compression, 16-bit pixels and truncation with the reason', () => {
    const rle = bmp8(3, 2, new Uint8Array(6), [[0, 0, 0]]);
    rle.writeUInt32LE(1, 30);
    expect(() => decodeBmp(rle)).toThrow('RLE8-compressed BMP files are not supported');
    const sixteen = bmp24(3, 2, RGB);
    sixteen.writeUInt16LE(16, 28);
    expect(() => decodeBmp(sixteen)).toThrow('16-bit BMP files are not supported');
    expect(() => decodeBmp(bmp24(3, 2, RGB).subarray(0, 60))).toThrow(/truncated BMP: 60 bytes/);
    expect(() => decodeBmp(Buffer.from('hello world'))).toThrow('not a BMP file');
  });
});
