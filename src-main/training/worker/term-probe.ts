// What each objective term will weigh when a run starts, before it is queued: the student at its
// seeded initialisation and the frozen teacher, on the first batches the run would train on (the
// seeded epoch-0 order, no augmentation), give every term's raw and weighted value; the New run
// form shows their shares and warns when one swamps the rest. The same code as a training step
// computes them (training/core/objective.ts), without the update.
import * as tf from '@tensorflow/tfjs';
import { readMeta, readSplit } from '../../datasets/shard-store';
import type { RunConfig } from '../../../shared/schemas/run-config';
import { batchIndices, makeBatch } from '../core/batches';
import { epochOrder } from '../core/epoch-order';
import { buildHintAdapters } from '../core/hint-adapters';
import { buildModel } from '../core/models/registry';
import { computeObjective } from '../core/objective';
import { effectiveTerms } from '../core/terms';
import { tapShapes } from '../core/training-state';
import { outputsByTap } from '../core/train-step';
import type { DatasetHandle, TaskResults } from './protocol';
import { loadTeacher } from './teacher-loader';

/** Batches averaged: a few, so one batch's noise does not decide, and quick enough for a form. */
export const PROBE_BATCHES = 4;

export interface TermProbeTask {
  config: RunConfig;
  dataset: DatasetHandle;
  teacherRunDir?: string;
  teacherModelPath?: string;
}

export async function probeTerms(task: TermProbeTask): Promise<TaskResults['termProbe']> {
  const { config } = task;
  const meta = readMeta(task.dataset.dir);
  const train = { ...readSplit(task.dataset.dir, meta, 'train'), shape: meta.shape };
  const norm = { mean: meta.mean, std: meta.std };
  const teacher = task.teacherRunDir || task.teacherModelPath ? await loadTeacher({ runDir: task.teacherRunDir, modelPath: task.teacherModelPath }) : null;
  const built = buildModel(config.model, train.shape, meta.numClasses, config.seed);
  const student = { model: built.model, taps: built.taps };
  const terms = effectiveTerms(config.terms);
  const adapters = buildHintAdapters(terms, tapShapes(student), teacher ? tapShapes(teacher) : new Map(), config.seed);
  const trainCount = Math.min(train.count, config.maxTrainSamples ?? train.count);
  const batches = batchIndices(epochOrder(train.count, trainCount, config.seed, 0), config.batchSize).slice(0, PROBE_BATCHES);
  const sums = new Map<string, { raw: number; weighted: number }>();
  let images = 0;
  for (const idx of batches) {
    const { x, y } = makeBatch(train, idx, norm);
    const readout = tf.tidy(() => {
      const tOut = teacher ? outputsByTap(teacher.model.predict(x), teacher.taps) : null;
      const sOut = outputsByTap(student.model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[], student.taps);
      const { values } = computeObjective(terms, sOut, tOut, y, adapters, true);
      return values.map((v) => ({ name: v.name, raw: v.raw.dataSync()[0]!, weighted: v.weighted.dataSync()[0]! }));
    });
    tf.dispose([x, y]);
    for (const v of readout) {
      const s = sums.get(v.name) ?? { raw: 0, weighted: 0 };
      sums.set(v.name, { raw: s.raw + v.raw, weighted: s.weighted + v.weighted });
    }
    images += idx.length;
  }
  adapters?.dispose();
  student.model.dispose();
  teacher?.model.dispose();
  const n = batches.length;
  const values = [...sums].map(([name, s]) => ({ name, raw: s.raw / n, weighted: s.weighted / n }));
  const total = values.reduce((a, v) => a + Math.abs(v.weighted), 0);
  return { images, terms: values.map((v) => ({ ...v, share: total > 0 ? Math.abs(v.weighted) / total : 0 })) };
}
