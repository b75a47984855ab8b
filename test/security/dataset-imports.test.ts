// Dataset imports against crafted inputs: a small .gz that inflates to gigabytes, a device and a
// pipe where a file is expected, symbolic links that loop, leave the folder or repeat an image,
// an empty archive next to real IDX files, and a file too large to read. Each is refused (or
// de-duplicated) with a clear message and leaves no folder or row behind. Real files, real SQLite.
import { execFileSync } from 'node:child_process';
import { readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StudioFailure } from '../../shared/result';
import { idxFiles, imageFolder, writeFiles } from '../fixtures/datasets/generate';
import { useTempDirs } from '../helpers/temp-dir';
import { useImportHarness, type Harness } from '../unit/datasets/import-harness';

const temp = useTempDirs('distill-dataset-sec-');
const harness = useImportHarness();

async function refused(h: Harness, input: Parameters<Harness['run']>[0]): Promise<string> {
  const e = await h.run(input).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StudioFailure);
  expect((e as Error).message).not.toMatch(/\n/);
  expect(h.leftovers()).toEqual({ folders: [], rows: [] });
  return (e as Error).message;
}

const idxHeader = (dims: number[]) => {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.set([0, 0, 8, dims.length]);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
};

describe('decompression bombs and sizes', () => {
  it('refuses a 2 MB IDX .gz that inflates to 2 GiB, quickly and with bounded memory', async () => {
    const src = temp();
    const zeros = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: constants.Z_BEST_COMPRESSION });
    const bomb = Buffer.concat([gzipSync(idxHeader([2_700_000, 28, 28])), ...Array.from({ length: 32 }, () => zeros)]);
    expect(bomb.length).toBeLessThan(2.5 * 1024 * 1024);
    writeFileSync(join(src, 'train-images-idx3-ubyte.gz'), bomb);
    writeFileSync(join(src, 'train-labels-idx1-ubyte'), Buffer.concat([idxHeader([4]), Buffer.from([0, 1, 0, 1])]));
    const h = harness();
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const t0 = Date.now();
    const message = await refused(h, { path: src, format: 'idx' });
    const ms = Date.now() - t0;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`IDX .gz bomb: ${bomb.length} bytes (inflates to 2,117 MB): refused in ${ms} ms, RSS +${Math.round((peak - rss0) / 1048576)} MB`);
    expect(message).toMatch(/train-images-idx3-ubyte\.gz: inflates beyond 200 times its compressed size/);
    expect(ms).toBeLessThan(5000);
    expect(peak - rss0).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses an IDX file over 1 GiB before reading it', async () => {
    const src = temp();
    const file = join(src, 'train-images-idx3-ubyte');
    writeFileSync(file, idxHeader([1_400_000, 28, 28]));
    truncateSync(file, 16 + 1_400_000 * 784); // sparse: no disk used
    writeFileSync(join(src, 'train-labels-idx1-ubyte'), idxHeader([0]));
    const message = await refused(harness(), { path: src, format: 'idx' });
    expect(message).toMatch(/train-images-idx3-ubyte: 1,047 MB, more than the 1,024 MB a dataset file may have: refused/);
  });
});

describe('files that are not regular files', () => {
  it('refuses a device instead of reading it forever', async () => {
    const message = await refused(harness(), { path: '/dev/zero', format: 'cifar10' });
    expect(message).toMatch(/zero: is not a regular file or folder \(a device, pipe or socket cannot be imported\)/);
  }, 10_000);

  it('refuses a named pipe inside an image folder', async () => {
    const src = temp();
    await imageFolder(src, ['cat', 'dog'], 2);
    execFileSync('mkfifo', [join(src, 'cat', 'zz.png')]);
    const message = await refused(harness(), { path: src, format: 'folder', val: 0 });
    expect(message).toMatch(/cat\/zz\.png: is not a regular file or folder/);
  }, 10_000);
});

describe('symbolic links in an image folder', () => {
  it('refuses a link back to a containing folder (a loop)', async () => {
    const src = temp();
    await imageFolder(src, ['cat', 'dog'], 3);
    symlinkSync('.', join(src, 'cat', 'loop'));
    const message = await refused(harness(), { path: src, format: 'folder' });
    expect(message).toMatch(/cat\/loop\/: is a symbolic link loop/);
  });

  it('refuses a link to a file outside the chosen folder', async () => {
    const outside = temp();
    const src = temp();
    await imageFolder(outside, ['x'], 1);
    await imageFolder(src, ['cat', 'dog'], 3);
    symlinkSync(join(outside, 'x'), join(src, 'cat', 'elsewhere'));
    const message = await refused(harness(), { path: src, format: 'folder' });
    expect(message).toMatch(/cat\/elsewhere: is a symbolic link to .*, outside the imported folder/);
  });

  it('imports an image reached twice only once, so it is never in two splits', async () => {
    const src = temp();
    await imageFolder(src, ['cat', 'dog'], 3, { prefix: 'train' });
    await imageFolder(src, ['cat', 'dog'], 1, { prefix: 'val' });
    const [first] = readdirSync(join(src, 'train', 'cat')).sort();
    symlinkSync(join('..', '..', 'train', 'cat', first!), join(src, 'val', 'cat', `dup-${first}`));
    const { dataset } = await harness().run({ path: src, format: 'folder' });
    expect(dataset.splits).toEqual({ train: 6, val: 2 });
  });
});

describe('archives are judged by their own content', () => {
  it('says an empty .tar.gz is empty instead of importing the IDX files next to it', async () => {
    const src = temp();
    writeFiles(src, idxFiles(20, 10));
    const empty = join(src, 'empty.tar.gz');
    writeFileSync(empty, gzipSync(Buffer.alloc(10_240)));
    const message = await refused(harness(), { path: empty, format: 'auto' });
    expect(message).toMatch(/empty\.tar\.gz: the archive is empty/);
    const explicit = await refused(harness(), { path: empty, format: 'idx' });
    expect(explicit).toMatch(/empty\.tar\.gz: not an IDX file/);
  });
});
