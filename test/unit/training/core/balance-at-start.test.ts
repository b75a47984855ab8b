// A distill run with `balanceWeights` (training/core/balance-at-start.ts): it measures its terms on
// its first batches with the trained teacher, trains with the balanced weights, logs and records
// them, leaves the student exactly as it was (BatchNorm statistics included), and keeps the same
// weights across a resume.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectTestBackend } from '../../../helpers/test-backend';
import { trainLoop, type LoopCallbacks } from '../../../../src-main/training/core/train-loop';
import type { CheckpointPayload, ResumePoint } from '../../../../src-main/training/core/training-state';
import { buildModel } from '../../../../src-main/training/core/models/registry';
import { measureTerms } from '../../../../src-main/training/core/measure-terms';
import { applyBalance, balanceFor } from '../../../../shared/balance-weights';
import type { MetricPoint } from '../../../../shared/types';
import type { Term } from '../../../../shared/schemas/run-config';
import { config, norm, quadrants } from './synthetic';

beforeAll(async () => {
  await selectTestBackend();
});

const train = quadrants(96, 1);
const val = quadrants(32, 2);
const series = (points: MetricPoint[], key: string) => points.filter((p) => p.key === key).map((p) => p.value);
// The paper weights: on this pair NST at λ = 50 outweighs CE many times over.
const paperTerms: Term[] = [
  { method: 'ce', weight: 0.1 },
  { method: 'kd', weight: 0.9, options: { temperature: 4 } },
  { method: 'nst', weight: 50, teacherTap: 'stage2', studentTap: 'stage2', options: { kernel: 'poly' } },
];

function recorder(stopAfterStep = Infinity) {
  const points: MetricPoint[] = [];
  const logs: string[] = [];
  const checkpoints: (CheckpointPayload & { weights: tf.Tensor[] })[] = [];
  let step = 0;
  const cb: LoopCallbacks = {
    onProgress: (p) => (step = p.step),
    onMetrics: (p) => points.push(...p),
    onEpoch: () => undefined,
    onCheckpoint: async (c) => void checkpoints.push({ ...c, weights: c.student.model.getWeights().map((w) => w.clone()) }),
    shouldStop: () => step >= stopAfterStep,
    log: (_level, m) => logs.push(m),
  };
  return { cb, points, logs, checkpoints };
}

describe('balanceWeights in the training loop', () => {
  // cnn-tiny has BatchNorm, whose moving statistics a training-mode forward pass moves.
  const teacher = buildModel('cnn', [8, 8, 1], 4, 99);
  const cfg = (over: object) => config({ kind: 'distill', teacherRunId: 't', model: 'cnn-tiny', epochs: 1, terms: paperTerms, ...over });

  it('trains exactly as a run configured with the weights it chose, which are the measured balance', async () => {
    const balanced = recorder();
    const a = await trainLoop({ config: cfg({ balanceWeights: true }), train, val, numClasses: 4, norm, teacher, callbacks: balanced.cb });
    expect(a.status).toBe('completed');

    // The weights it should have chosen: measured independently on a fresh student of the same seed.
    const fresh = buildModel('cnn-tiny', [8, 8, 1], 4, 3);
    const m = measureTerms({ config: cfg({}), terms: paperTerms, student: fresh, teacher, adapters: null, train, norm });
    fresh.model.dispose();
    const expected = applyBalance(paperTerms, balanceFor(m.terms)!);
    expect(expected[2]!.weight).toBeLessThan(50); // the paper's λ was far too large here
    const weights = ['ce', 'kd', 'nst[stage2]'].map((n) => series(balanced.points, `weight/${n}`)[0]);
    expect(weights).toEqual(expected.map((t) => t.weight));
    expect(balanced.logs.some((l) => l.startsWith(`weights balanced on the first ${m.images} images`))).toBe(true);
    // The weighted NST term starts near the weighted CE term instead of swamping it.
    const ce0 = series(balanced.points, 'loss_w/ce')[0]!;
    const nst0 = series(balanced.points, 'loss_w/nst[stage2]')[0]!;
    expect(nst0 / ce0).toBeGreaterThan(0.5);
    expect(nst0 / ce0).toBeLessThan(2);

    // Same config with those weights written in: identical curve, so measuring left the student untouched.
    const fixed = recorder();
    const b = await trainLoop({ config: cfg({ terms: expected }), train, val, numClasses: 4, norm, teacher, callbacks: fixed.cb });
    expect(series(balanced.points, 'train/loss')).toEqual(series(fixed.points, 'train/loss'));
    expect(series(balanced.points, 'val/acc')).toEqual(series(fixed.points, 'val/acc'));
    [a, b].forEach((o) => o.student.model.dispose());
  });

  it('keeps the balanced weights through a resume instead of measuring the trained student again', async () => {
    const straight = recorder();
    const full = await trainLoop({ config: cfg({ balanceWeights: true }), train, val, numClasses: 4, norm, teacher, callbacks: straight.cb });
    const first = recorder(3);
    const stopped = await trainLoop({ config: cfg({ balanceWeights: true }), train, val, numClasses: 4, norm, teacher, callbacks: first.cb });
    expect(stopped.status).toBe('cancelled');
    const ck = first.checkpoints.at(-1)!;
    expect(ck.state.terms?.map((t) => t.weight)).toEqual(['ce', 'kd', 'nst[stage2]'].map((n) => series(first.points, `weight/${n}`)[0]));
    // The checkpoint's state goes through JSON on disk (checkpoint-files.ts).
    const resume: ResumePoint = {
      state: JSON.parse(JSON.stringify(ck.state)),
      modelWeights: ck.weights,
      adapterWeights: {},
      optimizerState: ck.optimizerState,
    };
    const second = recorder();
    const resumed = await trainLoop({ config: cfg({ balanceWeights: true }), train, val, numClasses: 4, norm, teacher, resume, callbacks: second.cb });
    expect(resumed.status).toBe('completed');
    expect(second.logs.some((l) => l.startsWith('weights balanced'))).toBe(false);
    expect(series(second.points, 'train/loss')).toEqual(series(straight.points, 'train/loss').slice(3));
    [full, stopped, resumed].forEach((o) => o.student.model.dispose());
  });

  it('says so and keeps the configured weights when the terms cannot be balanced', async () => {
    // CE weighted 0: there is nothing to weigh NST against.
    const r = recorder();
    const terms: Term[] = [{ method: 'ce', weight: 0 }, paperTerms[2]!];
    const out = await trainLoop({ config: cfg({ balanceWeights: true, terms }), train, val: null, numClasses: 4, norm, teacher, callbacks: r.cb });
    expect(out.status).toBe('completed');
    expect(r.logs.find((l) => l.startsWith('weights not balanced'))).toMatch(
      /^weights not balanced: on the first 64 images \(ce [\d.]+, nst\[stage2\] [\d.e-]+\)/,
    );
    expect(series(r.points, 'weight/nst[stage2]')).toEqual([50]);
    out.student.model.dispose();
  });
});
