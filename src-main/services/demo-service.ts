// The built-in demo (CLI `distill-studio demo`, one click on the first screen): on the bundled
// MNIST digits (or another dataset of the library), queue teacher → baseline student → KD →
// NST-poly → KD+NST with the same seed and budget, then summarise validation and test accuracy,
// parameters, share of the teacher–baseline gap recovered and wall time. Distill runs wait in the
// queue until the teacher completes, then balance their weights against CE on their first batches
// (balanceWeights, shared/balance-weights.ts) unless the papers' weights are asked for: at the
// papers' λ = 50 and α = 0.9 the weighted NST and KD terms swamp CE on these small students.
import { getDataset, getRun, getRunSummary } from '../db';
import type Database from 'better-sqlite3';
import { describeModel } from '../training/core/models/catalog';
import { gapRecovered, presetTerms, type PresetName } from '../../shared/presets';
import type { RunConfigInput } from '../../shared/schemas/run-config';
import type { DatasetSummary, DemoRow, RunRecord } from '../../shared/types';
import type { RunsService } from './runs-service';
import { RunConfigSchema } from '../../shared/schemas/run-config';
import { METRIC } from '../../shared/metric-keys';

export interface DemoOptions {
  teacherModel: string;
  studentModel: string;
  epochs: number;
  trainSamples: number;
  valSamples: number;
  batchSize: number;
  seed: number;
  /** The teacher's budget, as multiples of the students' epochs and images: a teacher is trained
   *  further than the students it teaches (with the students' budget, cnn-wide is no better than
   *  cnn-tiny on Fashion-MNIST, and there is no gap to recover). */
  teacherEpochsFactor: number;
  teacherSamplesFactor: number;
  /** Keep the presets' (papers') weights instead of balancing them at the start. */
  paperWeights: boolean;
}

export const DEMO_DEFAULTS: DemoOptions = {
  teacherModel: 'cnn-wide',
  studentModel: 'cnn-tiny',
  epochs: 4,
  trainSamples: 4000,
  valSamples: 1000,
  batchSize: 32,
  seed: 1,
  teacherEpochsFactor: 2,
  teacherSamplesFactor: 2,
  paperWeights: false,
};

export const DEMO_METHODS: PresetName[] = ['kd', 'nst-poly', 'kd+nst'];

export function queueDemo(runs: RunsService, dataset: Pick<DatasetSummary, 'id' | 'shape' | 'numClasses'>, options: Partial<DemoOptions> = {}): RunRecord[] {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: DemoOptions = { ...DEMO_DEFAULTS, ...given };
  const base = (model: string): RunConfigInput => ({
    datasetId: dataset.id,
    model,
    epochs: o.epochs,
    batchSize: o.batchSize,
    maxTrainSamples: o.trainSamples,
    maxValSamples: o.valSamples,
    seed: o.seed,
    optimizer: { name: 'sgd', learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4 },
    tags: ['demo'],
  });
  const parse = (c: RunConfigInput) => RunConfigSchema.parse(c);
  const teacherBudget = { epochs: Math.min(o.epochs * o.teacherEpochsFactor, 100), maxTrainSamples: o.trainSamples * o.teacherSamplesFactor };
  const teacher = runs.start(parse({ ...base(o.teacherModel), ...teacherBudget, kind: 'teacher', name: `demo · teacher ${o.teacherModel}` }));
  const baseline = runs.start(parse({ ...base(o.studentModel), kind: 'student', name: `demo · baseline ${o.studentModel}` }));
  const tTaps = describeModel(o.teacherModel, dataset.shape, dataset.numClasses).taps.map((t) => t.name);
  const sTaps = describeModel(o.studentModel, dataset.shape, dataset.numClasses).taps.map((t) => t.name);
  const distilled = DEMO_METHODS.map((m) =>
    runs.start(
      parse({
        ...base(o.studentModel),
        kind: 'distill',
        name: `demo · ${m.toUpperCase()} ${o.teacherModel}→${o.studentModel}`,
        teacherRunId: teacher.id,
        terms: presetTerms(m, tTaps, sTaps),
        ...(o.paperWeights ? {} : { balanceWeights: true }),
      }),
    ),
  );
  return [teacher, baseline, ...distilled];
}

/** The demo table for a set of runs queued by `queueDemo` (teacher, baseline, distilled...). */
export function demoTable(db: Database.Database, runIds: string[]): DemoRow[] {
  const runs = runIds.map((id) => getRun(db, id)!).filter(Boolean);
  const metric = (id: string, key: string) => getRunSummary(db, id).find((m) => m.key === key)?.last ?? null;
  const acc = (id: string) => metric(id, METRIC.valAcc);
  const teacherAcc = runs[0] ? acc(runs[0].id) : null;
  const baselineAcc = runs[1] ? acc(runs[1].id) : null;
  return runs.map((r, i) => {
    const a = acc(r.id);
    const ds = getDataset(db, r.datasetId);
    return {
      runId: r.id,
      label: i === 0 ? 'teacher' : i === 1 ? 'baseline (CE)' : r.name.split('·')[1]!.trim().split(' ')[0]!,
      model: r.config.model,
      status: r.status,
      accuracy: a,
      testAccuracy: metric(r.id, METRIC.testAcc),
      params: ds ? describeModel(r.config.model, ds.shape, ds.numClasses).params : 0,
      gapRecovered: i >= 2 && a !== null && baselineAcc !== null && teacherAcc !== null ? gapRecovered(a, baselineAcc, teacherAcc) : null,
      seconds: r.startedAt && r.finishedAt ? (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000 : null,
    };
  });
}
