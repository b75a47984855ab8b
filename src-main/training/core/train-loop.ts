// The training loop, readable top to bottom (nanoGPT style). Pure tfjs: the caller (the worker)
// supplies data as uint8 arrays, an optional frozen teacher and an optional checkpoint to resume
// from, and receives progress, metrics and checkpoints through callbacks.
//   1. set up student, hint adapters, optimizer (and restore a checkpoint); balance the weights
//      on the first batches when the config asks (balance-at-start.ts)
//   2. per epoch: lr from the schedule, seeded shuffle, steps (seeded augmentation)
//   3. per epoch: evaluate on the validation split, keep the best model so far, checkpoint
//   4. finish: final evaluation with confusion matrix, per-class accuracy, teacher agreement
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../../shared/schemas/run-config';
import type { MetricPoint } from '../../../shared/types';
import { mulberry32 } from '../../../shared/seeded-random';
import { epochOrder } from './epoch-order';
import { batchIndices, makeBatch, type Augmentation, type Normalisation, type SampleSource } from './batches';
import { evaluate, type Evaluation } from './evaluate';
import { parseTerms } from '../../../shared/schemas/run-config';
import { balanceAtStart } from './balance-at-start';
import { buildHintAdapters } from './hint-adapters';
import { buildModel } from './models/registry';
import { createOptimizer } from './optimizers';
import { describeSchedule, learningRateAt } from './schedule';
import { effectiveTerms, termMetricKeys, termName } from './terms';
import { tapShapes, type CheckpointPayload, type ResumePoint, type TrainingState } from './training-state';
import { stepGraphs } from './step-graphs';
import { trainStep, type StepContext, type TapModel } from './train-step';
import { METRIC } from '../../../shared/metric-keys';

export interface LoopCallbacks {
  onProgress(p: { epoch: number; epochs: number; step: number; totalSteps: number; imagesPerSec: number | null; etaSeconds: number | null }): void;
  onMetrics(points: MetricPoint[]): void;
  onEpoch(epoch: number, metrics: Record<string, number>, seconds: number): void;
  /** Persist a checkpoint (after every epoch, and when stopping early). */
  onCheckpoint(payload: CheckpointPayload): Promise<void>;
  /** Keep the student's weights: its validation accuracy after `epoch` is the best so far. */
  onBest?(student: TapModel, epoch: number, valAcc: number): Promise<void>;
  /** Polled between steps; true stops the run after the current step. */
  shouldStop(): boolean;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface LoopInput {
  config: RunConfig;
  train: SampleSource;
  val: SampleSource | null;
  numClasses: number;
  norm: Normalisation;
  teacher?: TapModel | null;
  resume?: ResumePoint | null;
  callbacks: LoopCallbacks;
}

export interface FinalReport extends Evaluation {
  finalMetrics: Record<string, number>;
}

export type LoopOutcome =
  | { status: 'completed'; report: FinalReport | null; finalMetrics: Record<string, number>; student: TapModel; best: TrainingState['best'] }
  | { status: 'cancelled'; finalMetrics: Record<string, number>; student: TapModel }
  | { status: 'diverged'; message: string; student: TapModel };

// setImmediate, not setTimeout(0): a timer waits at least 1 ms, which was a tenth of a small
// model's step; an immediate still lets the IPC messages (a cancel) in first.
const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** Horizontal flips make sense for natural images, not for digits or text. */
function augmentationFor(config: RunConfig, channels: number, rand: () => number): Augmentation | undefined {
  const flip = config.augment.horizontalFlip === 'auto' ? channels === 3 : config.augment.horizontalFlip;
  if (!config.augment.randomCrop && !flip) return undefined;
  return { pad: config.augment.randomCrop ? 4 : 0, flip, rand };
}

export async function trainLoop(input: LoopInput): Promise<LoopOutcome> {
  const { config, train, val, norm, numClasses, callbacks: cb } = input;
  const teacher = input.teacher ?? null;
  let terms = effectiveTerms(config.terms);

  // 1. student, adapters, optimizer; restore a checkpoint if resuming.
  const built = buildModel(config.model, train.shape, numClasses, config.seed);
  const student: TapModel = { model: built.model, taps: built.taps };
  const adapters = buildHintAdapters(terms, tapShapes(student), teacher ? tapShapes(teacher) : new Map(), config.seed);
  const variables = [...student.model.trainableWeights.map((w) => w.read() as tf.Variable), ...(adapters?.trainableVariables() ?? [])];
  const optimizer = createOptimizer(config.optimizer, variables);
  const ctx: StepContext = { student, teacher, adapters, terms, variables, optimizer };
  const graphs = stepGraphs();
  if (graphs) graphs.onNote = (message) => cb.log('info', message);
  const trainCount = Math.min(train.count, config.maxTrainSamples ?? train.count);
  const stepsPerEpoch = Math.ceil(trainCount / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  let state: TrainingState = { epoch: 0, stepInEpoch: 0, globalStep: 0, epochLossSum: 0, epochHits: 0, epochSeen: 0, lastEval: {} };
  if (input.resume) {
    student.model.setWeights(input.resume.modelWeights);
    adapters?.models.forEach((m, name) => m.setWeights(input.resume!.adapterWeights[name] ?? m.getWeights()));
    optimizer.setState(input.resume.optimizerState);
    state = { ...input.resume.state };
    cb.log('info', `resumed at epoch ${state.epoch + 1}, step ${state.globalStep} of ${totalSteps}`);
  }
  if (config.balanceWeights && teacher) {
    // The weights chosen at the start travel in the checkpoint, so a resumed run keeps them.
    const kept = parseTerms(state.terms);
    if (kept && kept.length === terms.length) terms = kept;
    else {
      const b = balanceAtStart({ config, terms, student, teacher, adapters, train, norm });
      cb.log(b.balanced ? 'info' : 'warn', b.message);
      terms = b.terms;
      state = { ...state, terms };
      cb.onMetrics(terms.map((t) => ({ key: `weight/${termName(t)}`, step: 0, epoch: 0, value: t.weight })));
    }
    ctx.terms = terms;
  }
  cb.log(
    'info',
    `model ${config.model}: ${student.model.countParams()} parameters; ${trainCount} training samples, ${stepsPerEpoch} steps/epoch; objective ${terms.map((t) => `${t.weight}·${t.method}`).join(' + ')}; ${describeSchedule(config.schedule, config.optimizer.learningRate, config.epochs)}`,
  );
  const valSet = val && config.maxValSamples && config.maxValSamples < val.count ? { ...val, count: config.maxValSamples } : val;
  const checkpoint = async () => cb.onCheckpoint({ state, student, adapters, optimizerState: optimizer.getState() });

  let emaStepSec: number | null = null;
  while (state.epoch < config.epochs) {
    // 2. one epoch: lr from the schedule, a seeded shuffle, then the steps.
    const epoch = state.epoch;
    const epochStart = performance.now();
    const lr = learningRateAt(config.schedule, config.optimizer.learningRate, epoch, config.epochs);
    const order = epochOrder(train.count, trainCount, config.seed, epoch);
    const batches = batchIndices(order, config.batchSize);
    for (let k = state.stepInEpoch; k < batches.length; k++) {
      const idx = batches[k]!;
      const t0 = performance.now();
      const rand = mulberry32((config.seed * 2_654_435_761 + state.globalStep) >>> 0); // augmentation of this step
      const { x, y } = makeBatch(train, idx, norm, augmentationFor(config, train.shape[2], rand));
      const r = trainStep(ctx, x, y, lr);
      tf.dispose([x, y]);
      const step = state.globalStep + 1;
      const ep = epoch + 1;
      const points: MetricPoint[] = [{ key: METRIC.trainLoss, step, epoch: ep, value: r.loss }];
      if (r.terms.length > 1 || terms[0]!.method !== 'ce') {
        for (const t of r.terms) {
          const keys = termMetricKeys(t.name);
          points.push({ key: keys.raw, step, epoch: ep, value: t.raw }, { key: keys.weighted, step, epoch: ep, value: t.weighted });
        }
      }
      if (!Number.isFinite(r.loss)) {
        cb.onMetrics(points);
        const culprit = r.terms.find((t) => !Number.isFinite(t.raw));
        const which = culprit ? ` (term ${culprit.name} = ${culprit.raw})` : '';
        return {
          status: 'diverged',
          message: `loss became ${r.loss} at step ${step} (epoch ${ep})${which}; try a lower learning rate or smaller weights`,
          student,
        };
      }
      const sec = (performance.now() - t0) / 1000;
      emaStepSec = emaStepSec === null ? sec : 0.9 * emaStepSec + 0.1 * sec;
      points.push(
        { key: METRIC.trainBatchAcc, step, epoch: ep, value: r.hits / idx.length },
        { key: 'lr', step, epoch: ep, value: lr },
        { key: 'throughput', step, epoch: ep, value: idx.length / sec },
      );
      cb.onMetrics(points);
      state = {
        ...state,
        stepInEpoch: k + 1,
        globalStep: step,
        epochLossSum: state.epochLossSum + r.loss * idx.length,
        epochHits: state.epochHits + r.hits,
        epochSeen: state.epochSeen + idx.length,
      };
      cb.onProgress({ epoch: ep, epochs: config.epochs, step, totalSteps, imagesPerSec: idx.length / sec, etaSeconds: emaStepSec * (totalSteps - step) });
      await yieldToEventLoop(); // let a cancel message in
      if (cb.shouldStop()) {
        await checkpoint();
        return { status: 'cancelled', finalMetrics: state.lastEval, student };
      }
    }

    // 3. evaluate on the validation split, then checkpoint the finished epoch.
    const metrics: Record<string, number> = {
      [METRIC.trainAcc]: state.epochHits / Math.max(state.epochSeen, 1),
      [METRIC.trainEpochLoss]: state.epochLossSum / Math.max(state.epochSeen, 1),
    };
    if (valSet) {
      const ev = await evaluate(student.model, valSet, norm, numClasses);
      metrics[METRIC.valLoss] = ev.loss;
      metrics[METRIC.valAcc] = ev.acc;
      if (ev.top5 !== null) metrics[METRIC.valTop5] = ev.top5;
      if (!state.best || ev.acc > state.best.valAcc) {
        state = { ...state, best: { epoch: epoch + 1, valAcc: ev.acc } };
        await cb.onBest?.(student, epoch + 1, ev.acc);
      }
    }
    const seconds = (performance.now() - epochStart) / 1000;
    metrics[METRIC.epochTime] = seconds;
    cb.onMetrics(Object.entries(metrics).map(([key, value]) => ({ key, step: state.globalStep, epoch: epoch + 1, value })));
    cb.onEpoch(epoch + 1, metrics, seconds);
    // The checkpoint points at the start of the next epoch, so a resume never repeats this one.
    state = { ...state, epoch: epoch + 1, stepInEpoch: 0, epochLossSum: 0, epochHits: 0, epochSeen: 0, lastEval: metrics };
    await checkpoint();
  }

  // 4. final evaluation: confusion matrix, per-class accuracy, teacher agreement.
  optimizer.dispose();
  adapters?.dispose();
  if (!valSet) return { status: 'completed', report: null, finalMetrics: state.lastEval, student, best: undefined };
  const final = await evaluate(student.model, valSet, norm, numClasses, teacher?.model ?? null);
  const finalMetrics = { ...state.lastEval };
  if (final.agreement !== null) {
    finalMetrics[METRIC.finalAgreement] = final.agreement;
    cb.onMetrics([{ key: METRIC.finalAgreement, step: state.globalStep, epoch: config.epochs, value: final.agreement }]);
  }
  return { status: 'completed', report: { ...final, finalMetrics }, finalMetrics, student, best: state.best };
}
