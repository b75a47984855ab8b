// A generated history for the UI benchmark, written straight into a data folder's SQLite file
// through the project's repositories: N runs × 200 metric points (a realistic mix of kinds,
// statuses, methods, kernels, tags and dates) plus `long` runs of 10,000 points each for the
// comparison chart. No run is queued or running, so the server starts no training.
import { join } from 'node:path';
import { closeDatabase, insertDataset, insertMetrics, insertRun, openDatabase, setRunBackend, updateRunStatus } from '../src-main/db';
import { mulberry32 } from '../shared/seeded-random';
import type { MetricPoint, RunStatus } from '../shared/types';
import type { RunConfig, Term } from '../shared/schemas/run-config';

export interface GeneratedHistory {
  runs: number;
  pointsPerRun: number;
  longRunIds: string[];
  longPoints: number;
  seconds: number;
}

const DATASET = 'bench-cifar10';
const STATUSES: RunStatus[] = ['completed', 'completed', 'completed', 'completed', 'failed', 'cancelled', 'diverged', 'interrupted'];
const MODELS = ['resnet8', 'resnet20', 'resnet8x4', 'wrn-16-2', 'vgg8', 'cnn'];

function termsFor(i: number): Term[] {
  const tap = { teacherTap: 'stage3', studentTap: 'stage3' };
  switch (i % 5) {
    case 0:
      return [
        { method: 'ce', weight: 0.1 },
        { method: 'kd', weight: 0.9, options: { temperature: 4 } },
      ];
    case 1:
      return [
        { method: 'ce', weight: 1 },
        { method: 'nst', weight: 50, ...tap, options: { kernel: 'poly' } },
      ];
    case 2:
      return [
        { method: 'ce', weight: 1 },
        { method: 'at', weight: 1000, ...tap, options: { p: 2 } },
      ];
    case 3:
      return [
        { method: 'ce', weight: 1 },
        { method: 'nst', weight: 50, ...tap, options: { kernel: (['linear', 'gaussian'] as const)[i % 2]! } },
      ];
    default:
      return [
        { method: 'ce', weight: 1 },
        { method: 'hint', weight: 100, teacherTap: 'stage2', studentTap: 'stage2' },
      ];
  }
}

/** A loss falling with noise and an accuracy rising, `n` steps long. */
function curves(n: number, r: () => number, key: string, start: number, end: number, epochEvery: number): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (let step = 1; step <= n; step++) {
    const t = step / n;
    out.push({
      key,
      step,
      epoch: Math.ceil(step / epochEvery),
      value: start + (end - start) * (1 - Math.exp(-4 * t)) + (r() - 0.5) * 0.1 * Math.abs(start - end),
    });
  }
  return out;
}

export function generateHistory(dataDir: string, opts: { runs: number; long: number; longPoints: number }): GeneratedHistory {
  const t0 = performance.now();
  const db = openDatabase(join(dataDir, 'studio.db'));
  const r = mulberry32(7);
  insertDataset(db, {
    id: DATASET,
    name: 'CIFAR-10 (bench)',
    format: 'cifar10',
    numClasses: 10,
    numSamples: 60_000,
    shape: [32, 32, 3],
    classNames: ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'],
    splits: { train: 50_000, val: 10_000 },
    fingerprint: 'f'.repeat(64),
    bytes: 184_320_000,
    createdAt: '2025-01-01T00:00:00.000Z',
    path: join(dataDir, 'datasets', DATASET),
  });
  const day = 86_400_000;
  const base = Date.parse('2025-01-01T00:00:00Z');
  const write = db.transaction(() => {
    const longRunIds: string[] = [];
    const total = opts.runs + opts.long;
    for (let i = 0; i < total; i++) {
      const long = i >= opts.runs;
      const kind = long ? 'distill' : (['teacher', 'student', 'distill', 'distill'] as const)[i % 4]!;
      const created = new Date(base + Math.floor((i / total) * 300 * day) + i).toISOString();
      const finished = new Date(Date.parse(created) + 60_000 + Math.floor(r() * 3_600_000)).toISOString();
      const config = {
        name: `run ${i}`,
        kind,
        datasetId: DATASET,
        model: MODELS[i % MODELS.length]!,
        epochs: 20,
        batchSize: 64,
        optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: false, weightDecay: 5e-4 },
        schedule: 'step',
        augment: { randomCrop: true, horizontalFlip: 'auto' },
        seed: i % 5,
        terms: kind === 'distill' ? termsFor(i) : [],
        tags: [],
      } as unknown as RunConfig;
      const id = `bench-${String(i).padStart(6, '0')}`;
      insertRun(db, {
        id,
        name: long ? `long run ${i - opts.runs + 1}` : `${kind} ${config.model} #${i}`,
        kind,
        status: 'queued',
        config,
        datasetId: DATASET,
        teacherRunId: null,
        seed: i % 5,
        createdAt: created,
        notes: i % 50 === 0 ? 'ablation note' : null,
        tags: i % 10 === 0 ? ['ablation'] : i % 7 === 0 ? ['paper', `group:g${Math.floor(i / 7) % 400}`] : [],
      });
      updateRunStatus(db, id, long ? 'completed' : STATUSES[i % STATUSES.length]!, { startedAt: created, finishedAt: finished });
      setRunBackend(db, id, 'tensorflow (cpu)', 'generated history');
      if (long) {
        longRunIds.push(id);
        insertMetrics(db, id, [
          ...curves(opts.longPoints, r, 'train/loss', 2.3, 0.2 + r() * 0.2, 100),
          ...curves(opts.longPoints, r, 'val/acc', 0.1, 0.85 + r() * 0.1, 100),
        ]);
      } else {
        // 200 points: 120 steps of loss, 40 of lr, 40 epochs of validation accuracy
        insertMetrics(db, id, [
          ...curves(120, r, 'train/loss', 2.3, 0.3 + r() * 0.5, 6),
          ...curves(40, r, 'lr', 0.05, 0.0005, 2),
          ...curves(40, r, 'val/acc', 0.1, 0.6 + r() * 0.3, 1),
        ]);
      }
    }
    return longRunIds;
  });
  const longRunIds = write();
  closeDatabase(db);
  return { runs: opts.runs, pointsPerRun: 200, longRunIds, longPoints: opts.longPoints, seconds: (performance.now() - t0) / 1000 };
}
