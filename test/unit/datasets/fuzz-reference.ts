// Independent readers for the fuzz test: what a mutated CIFAR, IDX or tar.gz input *should*
// import to, written plainly from the format descriptions (no code shared with the importers
// except the split and fingerprint, which the store tests check on their own). They throw where
// the input is unusable; the fuzz test then expects the importer to have refused it too.
import { gunzipSync } from 'node:zlib';
import { fingerprintOf, type SplitData } from '../../../src-main/datasets/shard-store';
import { stratifiedSplit } from '../../../src-main/datasets/stratified-split';

const isGz = (b: Uint8Array) => b[0] === 0x1f && b[1] === 0x8b;
export const maybeGunzipRef = (b: Uint8Array): Uint8Array => (isGz(b) ? gunzipSync(b) : b);

/** Members of a (gzip) tar archive, by base name; trusts the headers. */
export function extractTar(archive: Uint8Array): Record<string, Uint8Array> {
  const tar = Buffer.from(maybeGunzipRef(archive));
  const out: Record<string, Uint8Array> = {};
  for (let pos = 0; pos + 512 <= tar.length;) {
    const h = tar.subarray(pos, pos + 512);
    if (h.every((b) => b === 0)) break;
    const name = h.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(h.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim(), 8);
    if (!Number.isFinite(size) || pos + 512 + size > tar.length) throw new Error('bad tar');
    if (h[156] === 0x30 || h[156] === 0) out[name.split('/').pop()!] = tar.subarray(pos + 512, pos + 512 + size);
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function cifarSplit(files: Uint8Array[], labelBytes: 1 | 2, classes: number): SplitData {
  const rec = 3072 + labelBytes;
  const count = files.reduce((n, f) => n + f.length / rec, 0);
  const images = new Uint8Array(count * 3072);
  const labels = new Uint8Array(count);
  const coarse = new Uint8Array(count);
  let k = 0;
  for (const f of files) {
    if (f.length === 0 || f.length % rec) throw new Error('size');
    for (let r = 0; r < f.length / rec; r++, k++) {
      const base = r * rec;
      labels[k] = f[base + labelBytes - 1]!;
      coarse[k] = f[base]!;
      if (labels[k]! >= classes || (labelBytes === 2 && coarse[k]! >= 20)) throw new Error('label');
      for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) images[k * 3072 + p * 3 + c] = f[base + labelBytes + c * 1024 + p]!;
    }
  }
  return labelBytes === 2 ? { images, labels, count, coarseLabels: coarse } : { images, labels, count };
}

function names(text: Uint8Array | undefined, expected: number): string[] {
  if (!text) throw new Error('no names');
  const list = Buffer.from(text)
    .toString('utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  // eslint-disable-next-line no-control-regex -- mirrors the importer's check for control characters
  if (list.length !== expected || new Set(list).size !== expected || list.some((n) => n.length > 100 || /[\u0000-\u001f]/.test(n))) throw new Error('names');
  return list;
}

function checkCounts(train: SplitData, classes: number): void {
  const counts = new Array(classes).fill(0);
  for (const l of train.labels) counts[l]++;
  if (counts.some((c) => c < 2)) throw new Error('class too small');
}

/** Fingerprint a CIFAR import of these members should have (val share carved with `seed`). */
export function cifarReference(files: Record<string, Uint8Array>, variant: 10 | 100, val: number, seed: number): string {
  const labelBytes = variant === 10 ? 1 : 2;
  const trainFiles =
    variant === 10
      ? Object.keys(files)
          .filter((n) => /^data_batch_\d+\.bin$/.test(n))
          .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]))
      : ['train.bin'];
  const train = cifarSplit(
    trainFiles.map((n) => files[n]!),
    labelBytes,
    variant,
  );
  const test = cifarSplit([files[variant === 10 ? 'test_batch.bin' : 'test.bin']!], labelBytes, variant);
  const classNames = names(files[variant === 10 ? 'batches.meta.txt' : 'fine_label_names.txt'], variant);
  const coarse = variant === 100 ? names(files['coarse_label_names.txt'], 20) : undefined;
  checkCounts(train, variant);
  const split = stratifiedSplit(train, 3072, val, seed);
  return fingerprintOf([32, 32, 3], classNames, { train: split.train, val: split.val, test }, coarse);
}

function idxArray(b: Uint8Array, ndims: number): { dims: number[]; data: Uint8Array } {
  const buf = Buffer.from(maybeGunzipRef(b));
  if (buf.length < 4 + 4 * ndims || buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 8 || buf[3] !== ndims) throw new Error('header');
  const dims = Array.from({ length: ndims }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  if (buf.length !== 4 + 4 * ndims + dims.reduce((a, d) => a * d, 1)) throw new Error('size');
  return { dims, data: buf.subarray(4 + 4 * ndims) };
}

/** Fingerprint an IDX import of these four files should have. */
export function idxReference(files: Record<string, Uint8Array>, val: number, seed: number): string {
  const get = (prefix: string) => files[Object.keys(files).find((n) => n.startsWith(prefix))!]!;
  const trI = idxArray(get('train-images'), 3);
  const trL = idxArray(get('train-labels'), 1);
  const teI = idxArray(get('t10k-images'), 3);
  const teL = idxArray(get('t10k-labels'), 1);
  const [n, h, w] = trI.dims as [number, number, number];
  if (
    trL.dims[0] !== n ||
    teL.dims[0] !== teI.dims[0] ||
    teI.dims[0] === 0 ||
    teI.dims[1] !== h ||
    teI.dims[2] !== w ||
    n === 0 ||
    h > 1024 ||
    w > 1024 ||
    h < 1 ||
    w < 1
  )
    throw new Error('dims');
  const classes = Math.max(...trL.data, ...teL.data) + 1;
  const train = { images: trI.data, labels: trL.data, count: n };
  checkCounts(train, classes);
  const split = stratifiedSplit(train, h * w, val, seed);
  const test = { images: teI.data, labels: teL.data, count: teI.dims[0]! };
  return fingerprintOf(
    [h, w, 1],
    Array.from({ length: classes }, (_, i) => String(i)),
    { train: split.train, val: split.val, test },
  );
}
