// Every objective term's value when a run starts: the student at its initialisation (or as given)
// and the frozen teacher, on the first batches of the run's seeded epoch-0 order without
// augmentation, averaged over those batches. The same objective code as a training step
// (objective.ts), without the update. The term probe (worker/term-probe.ts) shows the result in
// the New run form; runs with `balanceWeights` rescale their weights from it (train-loop.ts).
import * as tf from '@tensorflow/tfjs';
import type { MeasuredTerm } from '../../../shared/balance-weights';
import type { RunConfig, Term } from '../../../shared/schemas/run-config';
import { batchIndices, makeBatch, type Normalisation, type SampleSource } from './batches';
import { epochOrder } from './epoch-order';
import type { HintAdapters } from './hint-adapters';
import { computeObjective } from './objective';
import { outputsByTap, type TapModel } from './train-step';

/** Batches averaged: a few, so one batch's noise does not decide, and quick enough for a form. */
export const MEASURE_BATCHES = 4;

export interface TermMeasurement {
  /** Training images the values are averaged over. */
  images: number;
  terms: MeasuredTerm[];
}

/** What the terms are measured on: the run's budget fields, its terms, models and training data. */
export interface MeasureInput {
  config: Pick<RunConfig, 'seed' | 'batchSize' | 'maxTrainSamples'>;
  terms: readonly Term[];
  student: TapModel;
  teacher: TapModel | null;
  adapters: HintAdapters | null;
  train: SampleSource;
  norm: Normalisation;
}

export function measureTerms({ config, terms, student, teacher, adapters, train, norm }: MeasureInput): TermMeasurement {
  const trainCount = Math.min(train.count, config.maxTrainSamples ?? train.count);
  const batches = batchIndices(epochOrder(train.count, trainCount, config.seed, 0), config.batchSize).slice(0, MEASURE_BATCHES);
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
  const n = Math.max(batches.length, 1);
  return { images, terms: [...sums].map(([name, s]) => ({ name, raw: s.raw / n, weighted: s.weighted / n })) };
}
