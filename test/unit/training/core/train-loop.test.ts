// The training loop in-process on the test backend (pure JS, or native in the native project):
// learning, determinism, exact resume, divergence detection, no tensor leaks, and a frozen teacher in distillation.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectTestBackend } from '../../../helpers/test-backend';
import { trainLoop, type LoopCallbacks } from '../../../../src-main/training/core/train-loop';
import type { CheckpointPayload, ResumePoint } from '../../../../src-main/training/core/training-state';
import { buildModel } from '../../../../src-main/training/core/models/registry';
import type { MetricPoint } from '../../../../shared/types';
import type { Term } from '../../../../shared/schemas/run-config';
import { config, norm, quadrants } from './synthetic';

beforeAll(async () => {
  await selectTestBackend();
});

function recorder(stopAfterStep = Infinity) {
  const points: MetricPoint[] = [];
  const checkpoints: CheckpointPayload[] = [];
  let step = 0;
  const cb: LoopCallbacks = {
    onProgress: (p) => (step = p.step),
    onMetrics: (p) => points.push(...p),
    onEpoch: () => undefined,
    onCheckpoint: async (c) => {
      // keep copies of the weights: the loop goes on mutating the live model
      checkpoints.push({ ...c, weights: c.student.model.getWeights().map((w) => w.clone()) } as CheckpointPayload);
    },
    shouldStop: () => step >= stopAfterStep,
    log: () => undefined,
  };
  return { cb, points, checkpoints };
}

const series = (points: MetricPoint[], key: string) => points.filter((p) => p.key === key).map((p) => p.value);
const train = quadrants(96, 1);
const val = quadrants(64, 2);

describe('training loop', () => {
  it('learns the synthetic task and reports every metric', async () => {
    const r = recorder();
    const out = await trainLoop({ config: config({ epochs: 3 }), train, val, numClasses: 4, norm, callbacks: r.cb });
    expect(out.status).toBe('completed');
    if (out.status !== 'completed') return;
    expect(out.finalMetrics['val/acc']).toBeGreaterThan(0.6); // chance is 0.25
    expect(series(r.points, 'train/loss')).toHaveLength(18); // 3 epochs × 6 steps
    expect(out.report!.confusion.flat().reduce((a, b) => a + b)).toBe(64);
    expect(out.report!.perClassAcc).toHaveLength(4);
    out.student.model.dispose();
  });

  it('gives identical metrics for the same seed and different ones for another seed', async () => {
    const runs = [3, 3, 4].map(async (seed) => {
      const r = recorder();
      const out = await trainLoop({
        config: config({ seed, augment: { randomCrop: true, horizontalFlip: true } }),
        train,
        val,
        numClasses: 4,
        norm,
        callbacks: r.cb,
      });
      out.student.model.dispose();
      return series(r.points, 'train/loss');
    });
    const [a, b, c] = await Promise.all(runs);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('resumes from a mid-epoch checkpoint to exactly the same weights as an uninterrupted run', async () => {
    const straight = recorder();
    const full = await trainLoop({ config: config(), train, val, numClasses: 4, norm, callbacks: straight.cb });
    const expected = full.student.model.getWeights().map((w) => Array.from(w.dataSync()));

    const first = recorder(4); // stop after step 4 of 12 (mid-epoch 1)
    const stopped = await trainLoop({ config: config(), train, val, numClasses: 4, norm, callbacks: first.cb });
    expect(stopped.status).toBe('cancelled');
    const ck = first.checkpoints.at(-1)!;
    expect(ck.state).toMatchObject({ epoch: 0, stepInEpoch: 4, globalStep: 4 });
    const resume: ResumePoint = {
      state: ck.state,
      modelWeights: (ck as unknown as { weights: tf.Tensor[] }).weights,
      adapterWeights: {},
      optimizerState: ck.optimizerState,
    };
    const second = recorder();
    const resumed = await trainLoop({ config: config(), train, val, numClasses: 4, norm, resume, callbacks: second.cb });
    expect(resumed.status).toBe('completed');
    const got = resumed.student.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(got).toEqual(expected);
    expect(series(second.points, 'train/loss')).toEqual(series(straight.points, 'train/loss').slice(4));
    [full, stopped, resumed].forEach((o) => o.student.model.dispose());
  });

  it('stops as diverged at the step where the loss stops being finite', async () => {
    const r = recorder();
    const out = await trainLoop({
      config: config({ optimizer: { name: 'sgd', learningRate: 10, momentum: 0.9, nesterov: false, weightDecay: 0 }, epochs: 20 }),
      train,
      val: null,
      numClasses: 4,
      norm,
      callbacks: r.cb,
    });
    expect(out.status).toBe('diverged');
    if (out.status === 'diverged') expect(out.message).toMatch(/^loss became (NaN|Infinity|-Infinity) at step \d+ \(epoch \d+\)/);
    out.student.model.dispose();
  });

  it('does not leak tensors across steps', async () => {
    const counts: number[] = [];
    const r = recorder();
    const cb: LoopCallbacks = { ...r.cb, onProgress: () => counts.push(tf.memory().numTensors), onCheckpoint: async (c) => void tf.dispose(c.optimizerState) };
    const out = await trainLoop({ config: config({ epochs: 2 }), train, val, numClasses: 4, norm, callbacks: cb });
    expect(counts.length).toBe(12);
    expect(new Set(counts.slice(1)).size).toBe(1); // flat after the first step
    out.student.model.dispose();
  });
});

describe('distillation in the loop', () => {
  it('trains every term against a frozen teacher, logging each raw and weighted', async () => {
    const t = buildModel('cnn', [8, 8, 1], 4, 99);
    const before = t.model.getWeights().map((w) => Array.from(w.dataSync()));
    const terms: Term[] = [
      { method: 'ce' as const, weight: 0.1 },
      { method: 'kd' as const, weight: 0.9, options: { temperature: 4 } },
      { method: 'at' as const, weight: 1000, teacherTap: 'stage1', studentTap: 'stage1' },
      { method: 'nst' as const, weight: 50, teacherTap: 'stage2', studentTap: 'stage2', options: { kernel: 'poly' } },
      { method: 'hint' as const, weight: 100, teacherTap: 'stage2', studentTap: 'stage1' },
    ];
    const r = recorder();
    const out = await trainLoop({
      config: config({ kind: 'distill', teacherRunId: 't', terms, epochs: 1 }),
      train,
      val,
      numClasses: 4,
      norm,
      teacher: t,
      callbacks: r.cb,
    });
    expect(out.status).toBe('completed');
    for (const name of ['ce', 'kd', 'at[stage1]', 'nst[stage2]', 'hint[stage2→stage1]']) {
      const raw = series(r.points, `loss/${name}`);
      const weighted = series(r.points, `loss_w/${name}`);
      expect(raw).toHaveLength(6);
      expect(raw.every(Number.isFinite)).toBe(true);
      const w = terms.find((x) => name.startsWith(x.method))!.weight;
      raw.forEach((v, i) => expect(weighted[i]).toBeCloseTo(v * w, 3));
    }
    const totals = series(r.points, 'train/loss');
    const sum = (i: number) => ['ce', 'kd', 'at[stage1]', 'nst[stage2]', 'hint[stage2→stage1]'].reduce((a, n) => a + series(r.points, `loss_w/${n}`)[i]!, 0);
    totals.forEach((v, i) => expect(v).toBeCloseTo(sum(i), 3));
    expect(t.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before); // teacher frozen
    if (out.status === 'completed') expect(out.finalMetrics['final/agreement']).toBeGreaterThanOrEqual(0);
    out.student.model.dispose();
    t.model.dispose();
  });
});
