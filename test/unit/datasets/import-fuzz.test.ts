// Fuzz-style robustness: for every importer, 100+ mutated inputs (truncated, bit-flipped, wrong
// headers, zero-length, garbage appended), seeded so failures reproduce. Each import must either
// be refused cleanly (a StudioFailure with a one-line message, not an internal error) or produce
// exactly what an independent reader makes of the mutated bytes; and after every case the library
// holds no folder or row that the case did not legitimately add.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StudioFailure } from '../../../shared/result';
import { mulberry32 } from '../../../shared/seeded-random';
import { cifar100Files, cifar10Files, encodedImage, idxFiles, tarArchive, writeFiles, type ImageKind } from '../../fixtures/datasets/generate';
import { useTempDirs } from '../../helpers/temp-dir';
import { cifarReference, extractTar, idxReference } from './fuzz-reference';
import { useImportHarness, type Harness } from './import-harness';

const tempDir = useTempDirs('distill-fuzz-');
const harness = useImportHarness();
const SEED = 1234;
const VAL = 0.2;

type Mutation = (b: Uint8Array, rand: () => number) => Uint8Array;
const pick = (n: number, rand: () => number) => Math.floor(rand() * n);
const MUTATIONS: [string, Mutation][] = [
  ['truncated', (b, r) => b.subarray(0, pick(b.length, r))],
  ['zero-length', () => new Uint8Array(0)],
  ['one bit flipped', (b, r) => flip(b, 1, b.length, r)],
  ['8 bits flipped', (b, r) => flip(b, 8, b.length, r)],
  ['header bits flipped', (b, r) => flip(b, 1 + pick(3, r), Math.min(b.length, 64), r)],
  [
    'header overwritten',
    (b, r) => {
      const out = Uint8Array.from(b);
      for (let i = 0; i < Math.min(16, out.length); i++) out[i] = pick(256, r);
      return out;
    },
  ],
  ['garbage appended', (b, r) => Uint8Array.from([...b, ...Array.from({ length: 1 + pick(40, r) }, () => pick(256, r))])],
];

function flip(b: Uint8Array, bits: number, within: number, rand: () => number): Uint8Array {
  const out = Uint8Array.from(b);
  for (let i = 0; i < bits && within > 0; i++) out[pick(within, rand)]! ^= 1 << pick(8, rand);
  return out;
}

type Verify = (samples: number, skipped: number, label: string) => void;

interface Outcome {
  refused: number;
  imported: number;
}

/** Imports one mutated source and checks the outcome; returns whether it was imported. */
async function check(h: Harness, input: Record<string, unknown>, expected: () => string | null, label: string, verify?: Verify): Promise<boolean> {
  let reference: string | null;
  try {
    reference = expected();
  } catch {
    reference = null; // the independent reader finds it unusable: the importer must refuse it
  }
  try {
    const { dataset, skippedFiles } = await h.run({ ...input, val: VAL, seed: SEED });
    verify?.(dataset.numSamples, skippedFiles, label);
    expect(reference, `${label}: imported, but it should have been refused`).not.toBeNull();
    if (reference !== '*') expect(dataset.fingerprint, `${label}: imported different content`).toBe(reference);
    expect(h.leftovers(), label).toEqual({ folders: [dataset.id], rows: [dataset.id] });
    rmSync(join(h.dataDir, 'datasets', dataset.id), { recursive: true });
    h.db.prepare('DELETE FROM datasets WHERE id = ?').run(dataset.id);
    return true;
  } catch (e) {
    if (!(e instanceof StudioFailure)) throw new Error(`${label}: not refused cleanly: ${(e as Error)?.stack ?? e}`, { cause: e });
    expect(e.code, `${label}: ${e.message}`).not.toBe('internal');
    expect(e.message, label).not.toMatch(/\n|undefined|NaN|\[object/);
    expect(h.leftovers(), `${label}: left something behind after "${e.message}"`).toEqual({ folders: [], rows: [] });
    return false;
  }
}

async function fuzzFiles(
  base: Record<string, Uint8Array | string>,
  cases: number,
  seed: number,
  run: (files: Record<string, Uint8Array>, dir: string) => { input: Record<string, unknown>; expected: () => string | null; verify?: Verify },
): Promise<Outcome> {
  const rand = mulberry32(seed);
  const h = harness();
  const names = Object.keys(base);
  const outcome = { refused: 0, imported: 0 };
  for (let k = 0; k < cases; k++) {
    const files = Object.fromEntries(Object.entries(base).map(([n, v]) => [n, typeof v === 'string' ? Buffer.from(v) : v])) as Record<string, Uint8Array>;
    const target = names[pick(names.length, rand)]!;
    const [kind, mutate] = MUTATIONS[k % MUTATIONS.length]!;
    files[target] = mutate(files[target]!, rand);
    const dir = tempDir();
    writeFiles(dir, files);
    const { input, expected, verify } = run(files, dir);
    const imported = await check(h, input, expected, `case ${k}: ${target} ${kind}`, verify);
    outcome[imported ? 'imported' : 'refused']++;
  }
  if (process.env.FUZZ_REPORT) console.log(JSON.stringify(outcome));
  return outcome;
}

describe('importers under mutated input', () => {
  it('CIFAR-10 .bin files: 105 mutations', async () => {
    const out = await fuzzFiles(cifar10Files(10, 5, 10), 105, 1, (files, dir) => ({
      input: { path: dir, format: 'cifar10' },
      expected: () => cifarReference(files, 10, VAL, SEED),
    }));
    expect(out.refused + out.imported).toBe(105);
    expect(out.refused).toBeGreaterThan(20);
    expect(out.imported).toBeGreaterThan(5);
  });

  it('CIFAR-10 archives, .tar.gz and plain .tar: 2 × 53 mutations', async () => {
    const members = Object.fromEntries(Object.entries(cifar10Files(10, 2, 10)).map(([k, v]) => [`cifar-10-batches-bin/${k}`, v]));
    const tar = tarArchive({ ...members, 'cifar-10-batches-bin/readme.html': '<p>hi</p>' });
    for (const [name, bytes, seed] of [
      ['cifar-10-binary.tar.gz', gzipSync(tar), 2],
      ['cifar-10-binary.tar', tar, 7],
    ] as const) {
      const out = await fuzzFiles({ [name]: bytes }, 53, seed, (files, dir) => ({
        input: { path: join(dir, name) },
        expected: () => cifarReference(extractTar(files[name]!), 10, VAL, SEED),
      }));
      expect(out.refused).toBeGreaterThan(20);
    }
  });

  it('CIFAR-100 .bin files: 105 mutations', async () => {
    const out = await fuzzFiles(cifar100Files(200, 20), 105, 3, (files, dir) => ({
      input: { path: dir, format: 'cifar100' },
      expected: () => cifarReference(files, 100, VAL, SEED),
    }));
    expect(out.refused + out.imported).toBe(105);
  });

  it('IDX files, raw and gzip: 2 × 56 mutations', async () => {
    for (const [gzip, seed] of [
      [false, 4],
      [true, 5],
    ] as const) {
      const out = await fuzzFiles(idxFiles(20, 10, 6, 4, gzip), 56, seed, (files, dir) => ({
        input: { path: dir, format: 'idx' },
        expected: () => idxReference(files, VAL, SEED),
      }));
      expect(out.refused + out.imported).toBe(56);
    }
  });

  it('image folders (JPEG, PNG, WebP, BMP), refusing or skipping bad files: 112 mutations', async () => {
    const kinds: ImageKind[] = ['jpeg', 'png', 'webp', 'bmp'];
    const base: Record<string, Uint8Array> = {};
    for (let i = 0; i < 12; i++) base[`c${i % 3}/img${i}.${kinds[i % 4]}`] = await encodedImage(kinds[i % 4]!, 12 + i, 10 + i, i);
    let k = 0;
    const out = await fuzzFiles(base, 112, 6, (_files, dir) => {
      const badFiles = k++ % 2 ? 'skip' : 'refuse';
      // Whether a damaged image still decodes is sharp's call ('*': any content); an import must hold
      // all 12 images when refusing bad files, and 11 or 12 with the rest counted as skipped.
      const verify: Verify = (samples, skipped, label) => {
        expect(samples + skipped, label).toBe(12);
        expect(skipped, label).toBeLessThanOrEqual(badFiles === 'skip' ? 1 : 0);
      };
      return { input: { path: dir, format: 'folder', size: 8, badFiles }, expected: () => '*', verify };
    });
    expect(out.refused + out.imported).toBe(112);
    expect(out.imported).toBeGreaterThan(30); // at least every 'skip' case with a decodable rest
  });
});
