// runs:start refuses a config the worker would fail on, before any run row exists: unknown keys,
// bad term options, unknown taps, logits paired as maps, pairs no adapter bridges, a model too
// big for the dataset's images. Each case counts the rows of a real SQLite file before and after.
import type Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../src-main/services/dispatch';
import { EventBus } from '../../../src-main/services/event-bus';
import type { HandlerContext } from '../../../src-main/services/handlers/context';
import { historyHandlers } from '../../../src-main/services/handlers/history-handlers';
import { runsHandlers } from '../../../src-main/services/handlers/runs-handlers';
import { RunsService } from '../../../src-main/services/runs-service';
import type { Supervisor } from '../../../src-main/training/host/supervisor';
import { insertDataset } from '../../../src-main/db/datasets-repo';
import { RunConfigSchema } from '../../../shared/schemas/run-config';
import { addRun, sampleDataset, useTestDb } from '../db/fixtures';

const { open, tempDir } = useTestDb();

/** A library with a 28×28×1 dataset ('ds-1'), a 4×4×1 one ('tiny') and a vgg8 teacher run on ds-1. */
function library(): { db: Database.Database; handlers: Handlers } {
  const db = open();
  addRun(db, { id: 'teacher-1', name: 'vgg8 teacher', kind: 'teacher', config: RunConfigSchema.parse({ datasetId: 'ds-1', model: 'vgg8', kind: 'teacher' }) });
  insertDataset(db, sampleDataset({ id: 'tiny', fingerprint: 'fp-tiny', shape: [4, 4, 1] }));
  const runs = new RunsService(db, { pump: () => {} } as unknown as Supervisor, new EventBus(), (id) => join(tempDir(), id));
  const ctx = { db, runs, history: { emitQueue: () => {} } } as unknown as HandlerContext;
  return { db, handlers: { ...runsHandlers(ctx), ...historyHandlers(ctx) } as Handlers };
}

const rowCount = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n;

const distill = { datasetId: 'ds-1', model: 'cnn', kind: 'distill', teacherRunId: 'teacher-1' };

/** Starts `config`; expects a refusal whose message matches `message`, and no new row. */
async function refused(config: unknown, message: RegExp | string, channel: 'runs:start' | 'runs:sweep' = 'runs:start'): Promise<void> {
  const { db, handlers } = library();
  const before = rowCount(db);
  const r = await dispatch(handlers, channel, config);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe('invalid_input');
    if (typeof message === 'string') expect(r.error.message).toContain(message);
    else expect(r.error.message).toMatch(message);
  }
  expect(rowCount(db)).toBe(before);
}

describe('runs:start refuses before a row exists', () => {
  it('an unknown key, with the key it was meant to be', async () => {
    await refused({ datasetId: 'ds-1', model: 'cnn', epoch: 3 }, "runs:start: epoch: unknown key; did you mean 'epochs'?");
    await refused({ datasetId: 'ds-1', model: 'cnn', maxTrainSample: 100 }, "maxTrainSample: unknown key; did you mean 'maxTrainSamples'?");
  });

  it('a term option its method does not know or allow', async () => {
    const pair = { teacherTap: 'stage2', studentTap: 'stage2' };
    await refused(
      { ...distill, terms: [{ method: 'nst', weight: 50, ...pair, options: { kernel: 'polynomial', temprature: 4 } }] },
      /terms\[0\]\.options.*temprature/,
    );
    await refused({ ...distill, terms: [{ method: 'kd', weight: 0.9, options: { temperature: -1 } }] }, 'terms[0].options.temperature');
  });

  it('a tap the student or the teacher does not have', async () => {
    await refused(
      {
        ...distill,
        terms: [
          { method: 'ce', weight: 1 },
          { method: 'at', weight: 1000, teacherTap: 'stage2', studentTap: 'stage4' },
        ],
      },
      "terms[1].studentTap: 'stage4' is not a tap of cnn (taps: logits, stage1, stage2)",
    );
    await refused(
      { ...distill, terms: [{ method: 'nst', weight: 50, teacherTap: 'stage9', studentTap: 'stage2' }] },
      "terms[0].teacherTap: 'stage9' is not a tap of vgg8 (taps: logits, stage1, stage2, stage3, stage4, stage5)",
    );
  });

  it('logits paired as feature maps', async () => {
    await refused(
      { ...distill, terms: [{ method: 'at', weight: 1, teacherTap: 'logits', studentTap: 'stage2' }] },
      "terms[0].teacherTap: 'logits' of vgg8 is not a feature map",
    );
  });

  it('a FitNet pair no adapter bridges (7×7 onto 28×28 is a factor of 4)', async () => {
    await refused(
      { ...distill, terms: [{ method: 'hint', weight: 100, teacherTap: 'stage3', studentTap: 'stage1' }] },
      'terms[0]: hint cannot map stage1 (28×28) onto stage3 (7×7)',
    );
  });

  it('a model too big for the dataset images', async () => {
    await refused({ datasetId: 'tiny', model: 'vgg8' }, "model: vgg8 does not fit the 4×4×1 images of dataset 'MNIST demo'");
  });

  it('taps an imported TF.js teacher does not list in taps.json', async () => {
    const dir = join(tempDir(), 'teacher');
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: { class_name: 'Model', config: {} }, weightsManifest: [] }));
    writeFileSync(join(dir, 'taps.json'), JSON.stringify({ outputs: ['logits', 'stage1'] }));
    const config = { datasetId: 'ds-1', model: 'cnn', kind: 'distill', teacherModelPath: dir };
    await refused(
      { ...config, terms: [{ method: 'nst', weight: 50, teacherTap: 'stage2', studentTap: 'stage2' }] },
      "terms[0].teacherTap: 'stage2' is not a tap of the imported teacher (taps: logits, stage1)",
    );
  });

  it('a sweep with one bad grid point queues none of its runs', async () => {
    const base = { ...distill, terms: [{ method: 'ce', weight: 1 }] };
    const methods = [
      {
        label: 'at',
        terms: [
          { method: 'ce', weight: 1 },
          { method: 'at', weight: 1000, teacherTap: 'stage2', studentTap: 'stage2' },
        ],
      },
      {
        label: 'fitnet',
        terms: [
          { method: 'ce', weight: 1 },
          { method: 'hint', weight: 100, teacherTap: 'stage3', studentTap: 'stage1' },
        ],
      },
    ];
    await refused({ base, methods }, 'hint cannot map', 'runs:sweep');
  });
});

describe('runs:start still queues good configs', () => {
  it('a distill run whose pairs need pooling or resizing, and a kd run', async () => {
    const { db, handlers } = library();
    const before = rowCount(db);
    const terms = [
      { method: 'ce', weight: 1 },
      { method: 'at', weight: 1000, teacherTap: 'stage3', studentTap: 'stage1' },
      { method: 'nst', weight: 50, teacherTap: 'stage4', studentTap: 'stage2' },
      { method: 'hint', weight: 100, teacherTap: 'stage2', studentTap: 'stage2' },
    ];
    const r = await dispatch(handlers, 'runs:start', { ...distill, terms });
    expect(r.ok ? r.value.status : r.error.message).toBe('queued');
    const kd = await dispatch(handlers, 'runs:start', {
      ...distill,
      terms: [
        { method: 'ce', weight: 0.1 },
        { method: 'kd', weight: 0.9 },
      ],
    });
    expect(kd.ok).toBe(true);
    expect(rowCount(db)).toBe(before + 2);
  });
});
