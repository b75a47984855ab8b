// Image decoding for folder imports: the decoder is chosen by the file's magic bytes (a registry,
// not the file name), then every image goes through the same sharp pipeline: EXIF orientation,
// alpha dropped, centre-cropped and resized to size×size, converted to grey or sRGB, raw uint8.
import sharp, { type Sharp } from 'sharp';
import { decodeBmp, isBmp } from './bmp-decoder';

export interface ImageDecoder {
  name: string;
  matches(head: Uint8Array): boolean;
  open(data: Buffer): Sharp;
}

const startsWith = (b: Uint8Array, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);

export const IMAGE_DECODERS: readonly ImageDecoder[] = [
  { name: 'JPEG', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]), open: (d) => sharp(d) },
  { name: 'PNG', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), open: (d) => sharp(d) },
  { name: 'WebP', matches: (b) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8), open: (d) => sharp(d) },
  {
    name: 'BMP',
    matches: isBmp,
    open: (d) => {
      const bmp = decodeBmp(d);
      return sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
    },
  },
];

export const SUPPORTED_IMAGES = IMAGE_DECODERS.map((d) => d.name).join(', ');

export interface DecodeTarget {
  size: number;
  channels: 1 | 3;
}

/** Thrown for a file that is not an image we can read; the message says why (no file name). */
export class ImageProblem extends Error {}

/** Decodes and resizes one image to [size, size, channels] uint8. */
export async function decodeImage(data: Buffer, target: DecodeTarget): Promise<Uint8Array> {
  if (data.length === 0) throw new ImageProblem('empty file (0 bytes)');
  const decoder = IMAGE_DECODERS.find((d) => d.matches(data));
  if (!decoder) throw new ImageProblem(`not an image (${SUPPORTED_IMAGES} expected)`);
  try {
    const { data: pixels, info } = await decoder
      .open(data)
      .rotate()
      .removeAlpha()
      .resize(target.size, target.size, { fit: 'cover' })
      .toColourspace(target.channels === 1 ? 'b-w' : 'srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== target.channels || pixels.length !== target.size * target.size * target.channels) {
      throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}`);
    }
    return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
    throw new ImageProblem(`damaged or unreadable ${decoder.name} (${reason})`);
  }
}
