// Thumbnails for the dataset page: stored uint8 samples encoded as PNG data URLs at their natural
// size (the UI scales them up with crisp pixels). The renderer gets pixels by dataset id, never a path.
import sharp from 'sharp';

export async function pngDataUrls(images: readonly Uint8Array[], shape: readonly [number, number, number]): Promise<string[]> {
  const [height, width, channels] = shape;
  return Promise.all(
    images.map(async (pixels) => {
      const png = await sharp(pixels, { raw: { width, height, channels: channels as 1 | 3 } })
        .png({ compressionLevel: 6 })
        .toBuffer();
      return `data:image/png;base64,${png.toString('base64')}`;
    }),
  );
}
