// How train-step.ts hands its steps to a backend's StepGraphs (step-graphs.ts): one key per
// context, learning rate, batch shape and terms; the update accepted only for a finite loss; a
// step answered without running eagerly still advances the optimizer's count and reports the
// terms by the names of the last eager step. Runs on the test backend with a recording fake.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectTestBackend } from '../../../helpers/test-backend';
import { buildModel } from '../../../../src-main/training/core/models/registry';
import { createOptimizer } from '../../../../src-main/training/core/optimizers';
import { setStepGraphs, type EagerStep, type StepGraphs } from '../../../../src-main/training/core/step-graphs';
import { trainStep, type StepContext } from '../../../../src-main/training/core/train-step';

beforeAll(async () => {
  await selectTestBackend();
});
afterEach(() => setStepGraphs(null));

/** Runs every step eagerly, or answers `canned` without running it; records keys and accepts. */
class FakeGraphs implements StepGraphs {
  keys: string[] = [];
  accepted: boolean[] = [];
  canned: Float32Array | null = null;
  step(key: string, _inputs: readonly tf.Tensor[], eager: () => EagerStep, accept: (read: Float32Array) => boolean): Float32Array {
    this.keys.push(key);
    const read = this.canned ?? eager().read;
    this.accepted.push(accept(read));
    return read;
  }
  dispose(): void {}
}

function context(): StepContext {
  const built = buildModel('cnn', [8, 8, 1], 4, 1);
  const variables = built.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = createOptimizer({ name: 'adam', learningRate: 0.01, momentum: 0, nesterov: false, weightDecay: 0 }, variables);
  return { student: { model: built.model, taps: built.taps }, teacher: null, adapters: null, terms: [{ method: 'ce', weight: 1 }], variables, optimizer };
}

const batch = (n: number) => ({
  x: tf.randomNormal([n, 8, 8, 1], 0, 1, 'float32', 1) as tf.Tensor4D,
  y: tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3].slice(0, n), 'int32'),
});

describe('train step with step graphs', () => {
  it('keys steps by learning rate and batch shape, and accepts only a finite loss', () => {
    const graphs = new FakeGraphs();
    setStepGraphs(graphs);
    const ctx = context();
    const [a, b] = [batch(8), batch(4)];
    trainStep(ctx, a.x, a.y, 0.01);
    trainStep(ctx, a.x, a.y, 0.01);
    trainStep(ctx, a.x, a.y, 0.001);
    trainStep(ctx, b.x, b.y, 0.01);
    const [k1, k2, k3, k4] = graphs.keys;
    expect(k1).toBe(k2);
    expect(new Set([k1, k3, k4]).size).toBe(3);
    expect(graphs.accepted).toEqual([true, true, true, true]);
    graphs.canned = Float32Array.from([NaN, NaN, 0]);
    trainStep(ctx, a.x, a.y, 0.01);
    expect(graphs.accepted.at(-1)).toBe(false);
    ctx.optimizer.dispose();
    ctx.student.model.dispose();
    tf.dispose([a.x, a.y, b.x, b.y]);
  });

  it('a step answered by the graphs advances the optimizer’s count and names its terms', () => {
    const graphs = new FakeGraphs();
    setStepGraphs(graphs);
    const ctx = context();
    const { x, y } = batch(8);
    trainStep(ctx, x, y, 0.01);
    graphs.canned = Float32Array.from([0.5, 0.5, 0.5, 6]); // [total, raw ce, weighted ce, hits]
    const r = trainStep(ctx, x, y, 0.01);
    expect(r).toEqual({ loss: 0.5, hits: 6, terms: [{ name: 'ce', raw: 0.5, weighted: 0.5 }] });
    const state = ctx.optimizer.getState();
    expect(state.at(-1)!.dataSync()[0]).toBe(2); // Adam's t: one per step, eager or not
    tf.dispose([...state, x, y]);
    ctx.optimizer.dispose();
    ctx.student.model.dispose();
  });
});
