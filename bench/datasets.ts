// Datasets benchmark: import of a CIFAR-10-format set of 60,000 generated images (the
// .tar.gz as distributed, with format detection, and the extracted .bin files), import of a
// folder of 5,000 generated JPEGs (decoded and resized to 32×32), and batch streaming for
// training: makeBatch (uint8 shards → normalised float32 tensors) over the stored CIFAR train
// split, plain and with the CIFAR augmentation (pad-4 crop + flip). Imports go through the real
// import service (temp data folder, SQLite), so the times include hashing, statistics and writing.
// Target: CIFAR-format import under 10 s on a 2-core machine.
// Run: `node bench/run.mjs datasets [--quick]` (bundles this file, writes bench/results/datasets.json).
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { closeDatabase, openDatabase } from '../src-main/db';
import { readMeta, readSplit } from '../src-main/datasets/shard-store';
import { DatasetImports } from '../src-main/services/dataset-imports';
import { EventBus } from '../src-main/services/event-bus';
import { batchIndices, makeBatch } from '../src-main/training/core/batches';
import { mulberry32, seededPermutation } from '../shared/seeded-random';
import { DatasetImportSchema } from '../shared/schemas/datasets';
import type { DatasetImportProgress } from '../shared/types';
import { cifar10Names, cifarBatch, encodedImage, tarArchive, writeFiles } from '../test/fixtures/datasets/generate';

export interface DatasetsBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
}

interface ImportTiming {
  images: number;
  seconds: number;
  imagesPerSec: number;
  /** Seconds spent in each phase of the import (from its progress events). */
  phases: Record<string, number>;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function timedImport(dataDir: string, input: Record<string, unknown>, images: number): Promise<ImportTiming & { id: string }> {
  const db = openDatabase(join(dataDir, 'studio.db'));
  const events = new EventBus();
  const marks: { phase: string; t: number }[] = [];
  events.on((e, p) => {
    const phase = (p as DatasetImportProgress).phase;
    if (e === 'dataset:importProgress' && marks[marks.length - 1]?.phase !== phase) marks.push({ phase, t: performance.now() });
  });
  try {
    const imports = new DatasetImports({ db, dataDir, events });
    const t0 = performance.now();
    const { dataset } = await imports.import(DatasetImportSchema.parse(input));
    const seconds = (performance.now() - t0) / 1000;
    const phases: Record<string, number> = {};
    marks.forEach((m, i) => {
      const end = marks[i + 1]?.t;
      if (end !== undefined) phases[m.phase] = round((phases[m.phase] ?? 0) + (end - m.t) / 1000, 3);
    });
    return { id: dataset.id, images, seconds: round(seconds, 3), imagesPerSec: Math.round(images / seconds), phases };
  } finally {
    closeDatabase(db);
  }
}

function timeBatches(dir: string, batchSize: number, maxBatches: number, augment: boolean) {
  const meta = readMeta(dir);
  const t0 = performance.now();
  const train = { ...readSplit(dir, meta, 'train'), shape: meta.shape };
  const loadSeconds = (performance.now() - t0) / 1000;
  const batches = batchIndices(seededPermutation(train.count, 7), batchSize, true).slice(0, maxBatches);
  const aug = augment ? { pad: 4, flip: true, rand: mulberry32(3) } : undefined;
  const t1 = performance.now();
  for (const idx of batches) {
    const { x, y } = makeBatch(train, idx, { mean: meta.mean, std: meta.std }, aug);
    x.dispose();
    y.dispose();
  }
  const seconds = (performance.now() - t1) / 1000;
  return {
    augment,
    batchSize,
    batches: batches.length,
    seconds: round(seconds, 3),
    batchesPerSec: round(batches.length / seconds, 1),
    imagesPerSec: Math.round((batches.length * batchSize) / seconds),
    msPerBatch: round((seconds * 1000) / batches.length, 3),
    loadSplitSeconds: round(loadSeconds, 3),
    uint8Bytes: train.images.length,
  };
}

export async function runDatasetsBench(options: DatasetsBenchOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const quick = Boolean(options.quick);
  const perBatch = quick ? 1_000 : 10_000;
  const folderImages = quick ? 500 : 5_000;
  const root = mkdtempSync(join(os.tmpdir(), 'distill-bench-datasets-'));
  const loadAvgStart = os.loadavg();
  try {
    await tf.setBackend('cpu');
    // 1. CIFAR-10 format: 5 training batches + 1 test batch, random pixels (as incompressible as real photos).
    log(`generating a CIFAR-10-format set of ${6 * perBatch} images`);
    const files: Record<string, Uint8Array | string> = { 'batches.meta.txt': cifar10Names, 'test_batch.bin': cifarBatch(perBatch, 99) };
    for (let b = 1; b <= 5; b++) files[`data_batch_${b}.bin`] = cifarBatch(perBatch, b);
    const extracted = join(root, 'cifar-10-batches-bin');
    writeFiles(extracted, files);
    const archive = join(root, 'cifar-10-binary.tar.gz');
    const tarFiles = Object.fromEntries(Object.entries(files).map(([k, v]) => [`cifar-10-batches-bin/${k}`, v]));
    writeFileSync(archive, gzipSync(tarArchive(tarFiles), { level: 1 }));
    const images = 6 * perBatch;
    log('importing the .tar.gz (format auto)');
    const tarGz = await timedImport(join(root, 'data-a'), { path: archive, format: 'auto' }, images);
    log(`  ${tarGz.seconds} s`);
    log('importing the extracted .bin files');
    const bins = await timedImport(join(root, 'data-b'), { path: extracted, format: 'cifar10' }, images);
    log(`  ${bins.seconds} s`);

    // 2. A folder of JPEGs, 10 classes, sources of mixed sizes around 64 px.
    log(`generating a folder of ${folderImages} JPEGs`);
    const folder = join(root, 'jpegs');
    for (let i = 0; i < folderImages; i++) {
      const cls = join(folder, `class${i % 10}`);
      if (i < 10) mkdirSync(cls, { recursive: true });
      writeFileSync(join(cls, `img${i}.jpg`), await encodedImage('jpeg', 48 + (i % 5) * 8, 40 + (i % 7) * 6, i));
    }
    log('importing the JPEG folder (resize to 32×32)');
    const jpegs = await timedImport(join(root, 'data-c'), { path: folder, format: 'folder', size: 32 }, folderImages);
    log(`  ${jpegs.seconds} s`);

    // 3. Batch streaming over the stored CIFAR shards.
    const stored = join(root, 'data-a', 'datasets', tarGz.id);
    const maxBatches = quick ? 40 : 200;
    const plain = timeBatches(stored, 128, maxBatches, false);
    const augmented = timeBatches(stored, 128, maxBatches, true);
    log(`  batches: ${plain.batchesPerSec}/s plain, ${augmented.batchesPerSec}/s augmented (batch 128)`);

    return {
      date: new Date().toISOString(),
      quick,
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        node: process.version,
        platform: `${os.platform()} ${os.arch()}`,
        loadAvgStart,
        loadAvgEnd: os.loadavg(),
      },
      cifar: {
        images,
        archiveBytes: statSync(archive).size,
        targetSeconds: 10,
        tarGz: { ...tarGz, id: undefined },
        extractedBins: { ...bins, id: undefined },
        metTarget: tarGz.seconds < 10 && bins.seconds < 10,
      },
      folder: { ...jpegs, id: undefined, format: 'JPEG', sourceSizes: '48–80 × 40–76 px', targetSize: '32×32×3' },
      batches: { plain, augmented },
      notes: [
        'Imports run through the import service: read/decode, stratified 10 % validation split, sha256 fingerprint, per-channel statistics, sharded writes, SQLite row.',
        'CIFAR pixels are random (incompressible, like the real archive); the .tar.gz is gzip level 1 (inflating costs about the same at any level).',
        'Batch streaming: makeBatch on the uint8 train split (the worker never holds a float copy); compare msPerBatch with the time of one training step.',
      ],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
