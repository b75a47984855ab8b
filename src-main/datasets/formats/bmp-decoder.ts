// A decoder for the Windows BMP files people actually have (libvips, and so sharp, has none):
// uncompressed 1/4/8-bit paletted, 24-bit BGR and 32-bit BGRX / BI_BITFIELDS, bottom-up or
// top-down, with BITMAPCOREHEADER (OS/2) or BITMAPINFOHEADER and its V4/V5 extensions.
// RLE-compressed and 16-bit files are refused with the reason. Output: interleaved RGB uint8.

export interface DecodedBmp {
  width: number;
  height: number;
  data: Uint8Array; // [height, width, 3]
}

/** Thrown for a file that is not a BMP we can read; the message says why. */
export class BmpError extends Error {}

const MAX_PIXELS = 100_000_000;
const COMPRESSION: Record<number, string> = { 1: 'RLE8', 2: 'RLE4', 4: 'JPEG', 5: 'PNG' };

export const isBmp = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d;

/** Shift and width of a colour mask, to scale a channel to 8 bits. */
function maskInfo(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 0 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { shift, max: mask >>> shift };
}

export function decodeBmp(buf: Uint8Array): DecodedBmp {
  if (!isBmp(buf)) throw new BmpError('not a BMP file');
  if (buf.length < 26) throw new BmpError(`truncated BMP: ${buf.length} bytes`);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const pixelOffset = v.getUint32(10, true);
  const dibSize = v.getUint32(14, true);
  const core = dibSize === 12;
  if (!core && (dibSize < 40 || buf.length < 14 + 40)) throw new BmpError(`unsupported or damaged BMP header (${dibSize} bytes)`);
  const width = core ? v.getUint16(18, true) : v.getInt32(18, true);
  const rawHeight = core ? v.getInt16(20, true) : v.getInt32(22, true);
  const bpp = core ? v.getUint16(24, true) : v.getUint16(28, true);
  const compression = core ? 0 : v.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height <= 0 || width * height > MAX_PIXELS) throw new BmpError(`damaged BMP header (size ${width}×${rawHeight})`);
  if (COMPRESSION[compression]) throw new BmpError(`${COMPRESSION[compression]}-compressed BMP files are not supported`);
  if (compression !== 0 && compression !== 3 && compression !== 6) throw new BmpError(`damaged BMP header (compression ${compression})`);
  if (![1, 4, 8, 24, 32].includes(bpp)) throw new BmpError(bpp === 16 ? '16-bit BMP files are not supported' : `damaged BMP header (${bpp} bits per pixel)`);

  const stride = Math.ceil((width * bpp) / 32) * 4;
  const rowBytes = Math.ceil((width * bpp) / 8);
  if (pixelOffset < 14 + dibSize || pixelOffset + stride * (height - 1) + rowBytes > buf.length) {
    throw new BmpError(`truncated BMP: ${buf.length} bytes, the ${width}×${height} pixels need ${pixelOffset + stride * height}`);
  }
  const out = new Uint8Array(width * height * 3);
  const rowStart = (y: number) => pixelOffset + (topDown ? y : height - 1 - y) * stride;

  if (bpp <= 8) {
    const entry = core ? 3 : 4;
    const palStart = 14 + dibSize + (!core && dibSize === 40 && compression === 3 ? 12 : 0);
    const used = core ? 0 : v.getUint32(46, true);
    const colours = Math.min(used || 1 << bpp, 1 << bpp, Math.floor((pixelOffset - palStart) / entry));
    if (colours <= 0) throw new BmpError('damaged BMP: no colour palette');
    const palette = new Uint8Array(256 * 3); // indices past the palette show black
    for (let i = 0; i < colours; i++) {
      const p = palStart + i * entry;
      palette[i * 3] = buf[p + 2]!;
      palette[i * 3 + 1] = buf[p + 1]!;
      palette[i * 3 + 2] = buf[p]!;
    }
    const perByte = 8 / bpp;
    const mask = (1 << bpp) - 1;
    for (let y = 0; y < height; y++) {
      const row = rowStart(y);
      for (let x = 0; x < width; x++) {
        const byte = buf[row + Math.floor(x / perByte)]!;
        const idx = (byte >> ((perByte - 1 - (x % perByte)) * bpp)) & mask;
        out.set(palette.subarray(idx * 3, idx * 3 + 3), (y * width + x) * 3);
      }
    }
    return { width, height, data: out };
  }

  if (bpp === 32 && compression !== 0) {
    if (buf.length < 66) throw new BmpError('truncated BMP: missing colour masks');
    const masks = [v.getUint32(54, true), v.getUint32(58, true), v.getUint32(62, true)].map(maskInfo);
    for (let y = 0; y < height; y++) {
      const row = rowStart(y);
      for (let x = 0; x < width; x++) {
        const px = v.getUint32(row + x * 4, true);
        for (let c = 0; c < 3; c++) {
          const m = masks[c]!;
          out[(y * width + x) * 3 + c] = m.max ? Math.round((((px >>> m.shift) & m.max) * 255) / m.max) : 0;
        }
      }
    }
    return { width, height, data: out };
  }

  const step = bpp / 8; // 24-bit BGR or 32-bit BGRX
  for (let y = 0; y < height; y++) {
    const row = rowStart(y);
    for (let x = 0; x < width; x++) {
      const p = row + x * step;
      const o = (y * width + x) * 3;
      out[o] = buf[p + 2]!;
      out[o + 1] = buf[p + 1]!;
      out[o + 2] = buf[p]!;
    }
  }
  return { width, height, data: out };
}
