// Whole training steps as TensorFlow graphs (backends/tensorflow/graph-step.ts, op-trace.ts): a
// recorded step replayed by a TF session gives the eager step's values and updates; a run with
// graph steps follows the eager run's loss curve; what a graph cannot replay (a step that reads
// twice, ops that change from step to step) stays eager with a note (Adam's bias corrections
// do not: they are read from variables); a replayed step whose
// values are refused leaves the variables alone. Runs only in the 'native' project.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nativeStepGraphs } from '../../src-main/backends/tensorflow';
import { NativeStepGraphs } from '../../src-main/backends/tensorflow/graph-step';
import { nodeBackend } from '../../src-main/backends/tensorflow/node-backend';
import { setStepGraphs } from '../../src-main/training/core/step-graphs';
import { lossCurve } from '../helpers/loop-curve';
import { selectTestBackend } from '../helpers/test-backend';
import { config, norm, quadrants } from '../unit/training/core/synthetic';

beforeAll(async () => {
  await selectTestBackend('tensorflow');
});
afterEach(() => setStepGraphs(null));

const graphsWithNotes = () => {
  const notes: string[] = [];
  const graphs = new NativeStepGraphs(nodeBackend(tf.backend()));
  graphs.onNote = (m) => notes.push(m);
  return { graphs, notes };
};

/** w ← w − 0.1·∂/∂w mean((x·w − 1)²), reading [loss, Σw] back, as train-step.ts structures a step. */
function sgdStep(w: tf.Variable, x: tf.Tensor) {
  return () => {
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.sum(tf.mul(tf.expandDims(x, 1), w), 1), 1))) as tf.Scalar, [w]);
    const readout = tf.stack([value, tf.sum(w)]);
    const read = readout.dataSync() as Float32Array;
    w.assign(tf.sub(w, tf.mul(grads[w.name]!, 0.1)));
    tf.dispose([value, readout, grads[w.name]!]);
    return { read, complete: true };
  };
}

describe('graph steps on the native backend', () => {
  it('replays a recorded step with the eager values and updates', () => {
    const { graphs, notes } = graphsWithNotes();
    const w = tf.variable(tf.tensor2d([0.5, -0.25, 1, 2, 0, 3], [2, 3]), true, 'w-replay');
    const twin = tf.variable(w.clone(), true, 'w-twin'); // the same steps, always eager
    const reads: number[][] = [];
    const eagerReads: number[][] = [];
    for (let i = 0; i < 8; i++) {
      const x = tf.tensor2d(
        [1, 2, 3, 4, 5, 6].map((v) => v * (i + 1) * 0.01),
        [2, 3],
      );
      reads.push(Array.from(graphs.step('k', [x], sgdStep(w, x), () => true)));
      eagerReads.push(Array.from(sgdStep(twin, x)().read));
      x.dispose();
    }
    expect(notes).toEqual([]);
    // two records agree (steps 1, 2), the graph is checked against the eager step (3), then replays
    expect(graphs.replayed).toBe(5);
    reads.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(eagerReads[i]![j]!, 5)));
    const [a, b] = [w.dataSync(), twin.dataSync()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
    expect(Math.abs(a[0]! - 0.5)).toBeGreaterThan(1e-3); // the replays did move the weights
    // replays leak no tensor: each step's outputs are disposed or held by the variable they update
    const x = tf.ones([2, 3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) graphs.step('k', [x], sgdStep(w, x), () => true);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    graphs.dispose();
    tf.dispose([w, twin]);
  });

  it('releases the oldest graph past its limit and compiles a key again when it returns', () => {
    const graphs = new NativeStepGraphs(nodeBackend(tf.backend()), 1);
    const w = tf.variable(tf.tensor2d([0.5, -0.25, 1, 2, 0, 3], [2, 3]), true, 'w-lru');
    const twin = tf.variable(w.clone(), true, 'w-lru-twin');
    const [x1, x2] = [tf.ones([2, 3]), tf.fill([2, 3], 0.5)];
    const round = (key: string, x: tf.Tensor) => {
      for (let i = 0; i < 5; i++) {
        graphs.step(key, [x], sgdStep(w, x), () => true);
        sgdStep(twin, x)();
      }
    };
    round('a', x1); // record, record, check, replay, replay
    round('b', x2); // the same for b, which releases a
    round('a', x1); // a starts over
    expect(graphs.replayed).toBe(6);
    const [a, b] = [w.dataSync(), twin.dataSync()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
    graphs.dispose();
    tf.dispose([w, twin, x1, x2]);
  });

  it('leaves the variables alone when a replayed step is refused (a non-finite loss)', () => {
    const { graphs } = graphsWithNotes();
    const w = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), true, 'w-refuse');
    const x = tf.tensor2d([1, 0, 0, 0, 1, 0], [2, 3]);
    for (let i = 0; i < 3; i++) graphs.step('k', [x], sgdStep(w, x), () => true);
    const before = Array.from(w.dataSync());
    const read = graphs.step('k', [x], sgdStep(w, x), () => false);
    expect(graphs.replayed).toBe(1);
    expect(read).toHaveLength(2);
    expect(Array.from(w.dataSync())).toEqual(before);
    graphs.dispose();
    tf.dispose([w, x]);
  });

  it('falls back to the eager step, with a note, when its session fails', () => {
    const { graphs, notes } = graphsWithNotes();
    const w = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), true, 'w-fail');
    const twin = tf.variable(w.clone(), true, 'w-fail-twin');
    const x = tf.tensor2d([1, 0, 0, 0, 1, 0], [2, 3]);
    for (let i = 0; i < 4; i++) graphs.step('k', [x], sgdStep(w, x), () => true);
    expect(graphs.replayed).toBe(1);
    // the session disappears under the graph (as if TensorFlow had dropped it)
    const entry = (graphs as unknown as { entries: Map<string, { graph: { id: number } }> }).entries.get('k')!;
    nodeBackend(tf.backend()).binding.deleteSavedModel(entry.graph.id);
    const read = graphs.step('k', [x], sgdStep(w, x), () => true);
    for (let i = 0; i < 5; i++) sgdStep(twin, x)();
    expect(read).toHaveLength(2);
    expect(Array.from(w.dataSync()).map((v) => v.toFixed(5))).toEqual(Array.from(twin.dataSync()).map((v) => v.toFixed(5)));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/op by op.*its graph failed \(.*SavedModel ID not found/);
    graphs.dispose();
    tf.dispose([w, twin, x]);
  });

  it('keeps steps eager, with a note, when a step reads back twice or its constants change', () => {
    const { graphs, notes } = graphsWithNotes();
    const w = tf.variable(tf.ones([3]), true, 'w-eager');
    const twoReads = () => {
      const a = tf.sum(w).dataSync()[0]!;
      const read = tf.mul(w, a).dataSync() as Float32Array; // JS computes with the first value read
      return { read, complete: true };
    };
    for (let i = 0; i < 3; i++) graphs.step('reads', [], twoReads, () => true);
    let i = 0;
    const changing = () => {
      const read = tf.add(w, ++i).dataSync() as Float32Array; // a new constant each step
      return { read, complete: true };
    };
    for (let k = 0; k < 6; k++) expect(graphs.step('changing', [], changing, () => true)[0]).toBe(1 + i);
    expect(graphs.replayed).toBe(0);
    expect(notes).toEqual([
      'training steps run op by op, not as one TensorFlow graph: the step reads back more than one value',
      'training steps run op by op, not as one TensorFlow graph: its ops differ from one step to the next',
    ]);
    graphs.dispose();
    w.dispose();
  });

  it.each([
    ['SGD', { name: 'sgd', learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4 }],
    ['Adam', { name: 'adam', learningRate: 0.01, weightDecay: 0 }],
  ] as const)('a training run with graph steps follows the eager run’s loss curve (%s)', async (_name, optimizer) => {
    const train = quadrants(128, 1);
    const val = quadrants(32, 2);
    const curve = async (graphs: NativeStepGraphs | null) => {
      setStepGraphs(graphs);
      const { losses, logs } = await lossCurve({ config: config({ epochs: 3, batchSize: 16, optimizer }), train, val, numClasses: 4, norm });
      expect(logs.filter((m) => m.includes('op by op'))).toEqual([]);
      return losses;
    };
    const eager = await curve(null);
    const graphs = nativeStepGraphs()!;
    expect(graphs).toBeInstanceOf(NativeStepGraphs);
    const graphed = await curve(graphs);
    expect(graphed).toHaveLength(24);
    expect(graphs.replayed).toBeGreaterThanOrEqual(24 - 3 * 3); // each epoch's lr: record, record, check
    graphed.forEach((v, i) =>
      expect(Math.abs(v - eager[i]!), `step ${i + 1}: ${v} vs ${eager[i]}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(eager[i]!))),
    );
  });

  it('is off on request (DISTILL_STUDIO_GRAPH_STEPS=0)', () => {
    expect(nativeStepGraphs({ DISTILL_STUDIO_GRAPH_STEPS: '0' })).toBeNull();
  });
});
