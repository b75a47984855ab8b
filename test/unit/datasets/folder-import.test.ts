// Image-folder import: JPEG, PNG, WebP (sharp) and BMP (our decoder) of mixed sizes, resized to
// one size, RGB or grey; train/val/test folders kept; unreadable files refused or skipped and
// counted; empty and one-image classes, stray files and non-folders reported by name.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readMeta, readSplit } from '../../../src-main/datasets/shard-store';
import { bmp24, encodedImage, imageFolder } from '../../fixtures/datasets/generate';
import { useTempDirs } from '../../helpers/temp-dir';
import { useImportHarness } from './import-harness';

const tempDir = useTempDirs('distill-folder-');
const harness = useImportHarness();

describe('image folder import', () => {
  it('decodes JPEG, PNG, WebP and BMP of mixed sizes into one size, classes in name order', async () => {
    const src = tempDir();
    await imageFolder(src, ['dog', 'cat'], 4, { size: (i) => [20 + i * 3, 16 + i * 2] });
    writeFileSync(join(src, 'notes.txt'), 'top-level files are ignored');
    writeFileSync(join(src, 'cat', '.DS_Store'), 'hidden files too');
    const h = harness();
    const { dataset, warnings, detected } = await h.run({ path: src, size: 16, val: 0.25 });
    expect(dataset).toMatchObject({ format: 'folder', classNames: ['cat', 'dog'], shape: [16, 16, 3], splits: { train: 6, val: 2 } });
    expect(detected).toMatch(/image folder .* \(2 classes, 8 images resized to 16×16/);
    expect(warnings).toEqual(['ignored 1 file outside the class folders']);
  });

  it('stores exactly what sharp makes of a PNG, and decodes a BMP like the same pixels as PNG', async () => {
    const src = tempDir();
    mkdirSync(join(src, 'a'));
    mkdirSync(join(src, 'b'));
    const rgb = Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 37) & 255);
    writeFileSync(join(src, 'a', 'x.bmp'), bmp24(8, 8, rgb));
    writeFileSync(
      join(src, 'b', 'y.png'),
      await sharp(rgb, { raw: { width: 8, height: 8, channels: 3 } })
        .png()
        .toBuffer(),
    );
    const h = harness();
    const { dataset } = await h.run({ path: src, size: 8, val: 0 });
    const dir = join(h.dataDir, 'datasets', dataset.id);
    const train = readSplit(dir, readMeta(dir), 'train');
    expect(Array.from(train.images.subarray(0, 192))).toEqual(Array.from(rgb));
    expect(Array.from(train.images.subarray(192))).toEqual(Array.from(rgb));
  });

  it('converts to grey with channels 1', async () => {
    const src = tempDir();
    await imageFolder(src, ['a', 'b'], 2);
    const { dataset } = await harness().run({ path: src, size: 12, channels: 1, val: 0 });
    expect(dataset.shape).toEqual([12, 12, 1]);
  });

  it('keeps given train/val/test folders and checks their classes', async () => {
    const src = tempDir();
    await imageFolder(src, ['a', 'b'], 3, { prefix: 'train' });
    await imageFolder(src, ['a', 'b'], 1, { prefix: 'valid' });
    await imageFolder(src, ['b'], 2, { prefix: 'test' });
    const { dataset, warnings } = await harness().run({ path: src, size: 8, val: 0.5 });
    expect(dataset.splits).toEqual({ train: 6, val: 2, test: 2 });
    expect(warnings).toContain('the source has its own validation split: it is kept, no share is carved from train');
    await imageFolder(src, ['zebra'], 1, { prefix: 'test' });
    const h = harness();
    await expect(h.run({ path: src, size: 8 })).rejects.toThrow("test/zebra/: class 'zebra' is not among the 2 training classes");
    expect(h.leftovers()).toEqual({ folders: [], rows: [] });
  });

  it('refuses an unreadable file by name, or skips and counts it when asked', async () => {
    const src = tempDir();
    await imageFolder(src, ['a', 'b'], 3);
    writeFileSync(join(src, 'a', 'readme.txt'), 'not an image');
    const truncated = await encodedImage('jpeg', 40, 40, 3);
    writeFileSync(join(src, 'b', 'broken.jpg'), truncated.subarray(0, truncated.length >> 1));
    const h = harness();
    await expect(h.run({ path: src })).rejects.toThrow(/^a\/readme\.txt: not an image \(JPEG, PNG, WebP, BMP expected\)$/);
    expect(h.leftovers()).toEqual({ folders: [], rows: [] });
    const { dataset, skippedFiles, warnings } = await h.run({ path: src, badFiles: 'skip', val: 0 });
    expect(dataset.numSamples).toBe(6);
    expect(skippedFiles).toBe(2);
    expect(warnings[0]).toMatch(
      /^left out 2 files that are not readable images: a\/readme\.txt \(not an image .*\); b\/broken\.jpg \(damaged or unreadable JPEG \(.*\)\)$/,
    );
  });

  it.skipIf(process.getuid?.() === 0)('names a file it may not read', async () => {
    const src = tempDir();
    await imageFolder(src, ['a', 'b'], 2);
    chmodSync(join(src, 'a', 'img0.jpg'), 0);
    await expect(harness().run({ path: src })).rejects.toThrow('a/img0.jpg: is not readable (permission denied)');
  });

  it('refuses an empty class, a class of one image (unless no validation share), and a folder without classes', async () => {
    const src = tempDir();
    await imageFolder(src, ['a', 'b'], 2);
    mkdirSync(join(src, 'empty'));
    const h = harness();
    await expect(h.run({ path: src })).rejects.toThrow('empty/: empty class folder (no images): add images or remove the folder');
    const one = tempDir();
    await imageFolder(one, ['a'], 2);
    await imageFolder(one, ['solo'], 1);
    await expect(h.run({ path: one })).rejects.toThrow('solo/: has only 1 training sample: at least 2 are needed to put one in validation');
    await expect(h.run({ path: one, val: 0 })).resolves.toMatchObject({ dataset: { splits: { train: 3 } } });
    const flat = tempDir();
    writeFileSync(join(flat, 'x.jpg'), await encodedImage('jpeg', 8, 8, 1));
    await expect(h.run({ path: flat, format: 'folder' })).rejects.toThrow(/: 1 file but no subfolders: an image folder needs one subfolder per class/);
    await expect(h.run({ path: join(flat, 'x.jpg'), format: 'folder' })).rejects.toThrow(
      'x.jpg: is a file: choose the folder that holds one subfolder per class',
    );
  });
});
