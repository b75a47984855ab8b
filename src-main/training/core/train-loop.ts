// The training loop, readable top to bottom (nanoGPT style). Pure tfjs: the caller (the worker)
// supplies data as uint8 arrays and receives progress, metrics and checkpoints through callbacks.
//   1. build model + optimizer   2. per epoch: lr, shuffle, steps   3. evaluate   4. finish
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../../shared/schemas/run-config';
import type { MetricPoint } from '../../../shared/types';
import { mulberry32, seededPermutation } from '../../../shared/seeded-random';
import { batchIndices, makeBatch, type Normalisation, type SampleSource } from './batches';
import { ceLoss } from './losses/ce';
import { topKHits } from './metrics';
import { buildModel } from './models/registry';
import { learningRateAt } from './schedule';

export interface LoopCallbacks {
  onProgress(p: { epoch: number; epochs: number; step: number; totalSteps: number; imagesPerSec: number | null; etaSeconds: number | null }): void;
  onMetrics(points: MetricPoint[]): void;
  onEpoch(epoch: number, metrics: Record<string, number>, seconds: number): void;
  /** Called after every epoch with the model, for the caller to persist. */
  onCheckpoint(epoch: number, model: tf.LayersModel): Promise<void>;
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
  callbacks: LoopCallbacks;
}

export type LoopOutcome =
  | { status: 'completed' | 'cancelled'; finalMetrics: Record<string, number>; model: tf.LayersModel }
  | { status: 'diverged'; message: string; model: tf.LayersModel };

const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

export async function evaluate(
  model: tf.LayersModel,
  src: SampleSource,
  norm: Normalisation,
  numClasses: number,
  batchSize = 256,
): Promise<{ loss: number; acc: number; top5: number | null }> {
  let lossSum = 0;
  let hits1 = 0;
  let hits5 = 0;
  for (const idx of batchIndices(Uint32Array.from({ length: src.count }, (_, i) => i), batchSize)) {
    const { x, y } = makeBatch(src, idx, norm);
    const logits = tf.tidy(() => (model.predict(x) as tf.Tensor[])[0] as tf.Tensor2D);
    lossSum += tf.tidy(() => ceLoss(logits, y).mul(idx.length).dataSync()[0]!);
    hits1 += topKHits(logits, y, 1);
    if (numClasses >= 10) hits5 += topKHits(logits, y, 5);
    tf.dispose([x, y, logits]);
    await yieldToEventLoop();
  }
  return { loss: lossSum / src.count, acc: hits1 / src.count, top5: numClasses >= 10 ? hits5 / src.count : null };
}

export async function trainLoop(input: LoopInput): Promise<LoopOutcome> {
  const { config, train, val, norm, numClasses, callbacks: cb } = input;

  // 1. model + optimizer (SGD with momentum, or Adam); weight decay added to gradients as in PyTorch.
  const { model } = buildModel(config.model, train.shape, numClasses, config.seed);
  const opt = config.optimizer;
  const optimizer =
    opt.name === 'adam'
      ? tf.train.adam(opt.learningRate)
      : tf.train.momentum(opt.learningRate, opt.momentum, opt.nesterov);
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const trainCount = Math.min(train.count, config.maxTrainSamples ?? train.count);
  const stepsPerEpoch = Math.ceil(trainCount / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  cb.log('info', `model ${config.model}: ${model.countParams()} parameters; ${trainCount} training samples, ${stepsPerEpoch} steps/epoch`);

  let step = 0;
  let emaStepSec: number | null = null;
  let lastEval: Record<string, number> = {};
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    // 2. one epoch: lr from the schedule, a seeded shuffle, then the steps.
    const epochStart = performance.now();
    const lr = learningRateAt('step', opt.learningRate, epoch, config.epochs);
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    const rand = mulberry32(config.seed + 1000 * (epoch + 1));
    const order = seededPermutation(train.count, Math.floor(rand() * 2 ** 31)).subarray(0, trainCount);
    let epochLoss = 0;
    let epochHits = 0;
    for (const idx of batchIndices(order, config.batchSize)) {
      const t0 = performance.now();
      const { x, y } = makeBatch(train, idx, norm);
      let hits = 0;
      const { value, grads } = tf.variableGrads(() => {
        const logits = (model.apply(x, { training: true }) as tf.Tensor[])[0] as tf.Tensor2D;
        hits = tf.tidy(() => tf.equal(logits.argMax(1), y).sum().dataSync()[0]!);
        return ceLoss(logits, y);
      }, weights);
      const loss = (await value.data())[0]!;
      if (!Number.isFinite(loss)) {
        tf.dispose([x, y, value, ...Object.values(grads)]);
        cb.onMetrics([{ key: 'train/loss', step, epoch: epoch + 1, value: loss }]);
        return { status: 'diverged', message: `loss became ${loss} at step ${step} (epoch ${epoch + 1}); try a lower learning rate`, model };
      }
      tf.tidy(() => {
        const decayed: tf.NamedTensorMap = {};
        for (const w of weights) decayed[w.name] = opt.weightDecay > 0 ? grads[w.name]!.add(w.mul(opt.weightDecay)) : grads[w.name]!;
        optimizer.applyGradients(decayed as tf.NamedTensorMap as Parameters<typeof optimizer.applyGradients>[0]);
      });
      tf.dispose([x, y, value, ...Object.values(grads)]);
      step++;
      epochLoss += loss * idx.length;
      epochHits += hits;

      const sec = (performance.now() - t0) / 1000;
      emaStepSec = emaStepSec === null ? sec : 0.9 * emaStepSec + 0.1 * sec;
      const imagesPerSec = idx.length / sec;
      cb.onMetrics([
        { key: 'train/loss', step, epoch: epoch + 1, value: loss },
        { key: 'train/batch_acc', step, epoch: epoch + 1, value: hits / idx.length },
        { key: 'lr', step, epoch: epoch + 1, value: lr },
        { key: 'throughput', step, epoch: epoch + 1, value: imagesPerSec },
      ]);
      cb.onProgress({ epoch: epoch + 1, epochs: config.epochs, step, totalSteps, imagesPerSec, etaSeconds: emaStepSec * (totalSteps - step) });
      await yieldToEventLoop(); // let a cancel message in
      if (cb.shouldStop()) {
        await cb.onCheckpoint(epoch + 1, model);
        return { status: 'cancelled', finalMetrics: lastEval, model };
      }
    }

    // 3. evaluate on the validation split and checkpoint.
    const metrics: Record<string, number> = { 'train/acc': epochHits / trainCount, 'train/epoch_loss': epochLoss / trainCount };
    if (val) {
      const limited = config.maxValSamples && config.maxValSamples < val.count ? { ...val, count: config.maxValSamples } : val;
      const ev = await evaluate(model, limited, norm, numClasses);
      metrics['val/loss'] = ev.loss;
      metrics['val/acc'] = ev.acc;
      if (ev.top5 !== null) metrics['val/top5'] = ev.top5;
    }
    const seconds = (performance.now() - epochStart) / 1000;
    metrics['epoch_time'] = seconds;
    cb.onMetrics(Object.entries(metrics).map(([key, value]) => ({ key, step, epoch: epoch + 1, value })));
    cb.onEpoch(epoch + 1, metrics, seconds);
    await cb.onCheckpoint(epoch + 1, model);
    lastEval = metrics;
  }

  // 4. finish: the last epoch's metrics are the run's final metrics.
  optimizer.dispose();
  return { status: 'completed', finalMetrics: lastEval, model };
}
