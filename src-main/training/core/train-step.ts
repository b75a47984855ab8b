// One optimisation step of a (distillation) run:
//   1. teacher forward, inference mode, OUTSIDE the gradient closure (frozen teacher)
//   2. student forward in training mode + objective, inside tf.variableGrads
//   3. optimizer update (weight decay inside the optimizer, PyTorch style)
// Returns plain numbers read back in one device sync.
import * as tf from '@tensorflow/tfjs';
import type { Term } from '../../../shared/schemas/run-config';
import type { HintAdapters } from './hint-adapters';
import { computeObjective, type TapOutputs } from './objective';
import type { TrainableOptimizer } from './optimizers';
import { stepGraphs } from './step-graphs';

export interface TapModel {
  model: tf.LayersModel;
  /** Name of each output, in output order ('logits' first). */
  taps: string[];
}

export interface StepContext {
  student: TapModel;
  teacher: TapModel | null;
  adapters: HintAdapters | null;
  terms: Term[];
  variables: tf.Variable[];
  optimizer: TrainableOptimizer;
}

export interface StepResult {
  loss: number;
  hits: number;
  terms: { name: string; raw: number; weighted: number }[];
}

export function outputsByTap(outputs: tf.Tensor | tf.Tensor[], taps: readonly string[]): Map<string, tf.Tensor> {
  const list = Array.isArray(outputs) ? outputs : [outputs];
  return new Map(taps.map((name, i) => [name, list[i]!]));
}

/** A step updates the weights only when its loss (first value read back) is finite. */
const finiteLoss = (read: ArrayLike<number>) => Number.isFinite(read[0]);

/** Term names of each context's objective, as its last eager step listed them. */
const termNames = new WeakMap<StepContext, string[]>();
const contextIds = new WeakMap<StepContext, number>();
let nextContextId = 0;

export function trainStep(ctx: StepContext, x: tf.Tensor4D, y: tf.Tensor1D, lr: number): StepResult {
  const eager = () => {
    const { numbers, names, updated } = eagerStep(ctx, x, y, lr);
    termNames.set(ctx, names);
    return { read: numbers, complete: updated };
  };
  ctx.optimizer.beginStep(); // outside the step's ops: its count is no constant of them
  const graphs = stepGraphs();
  let numbers: Float32Array;
  if (graphs) {
    if (!contextIds.has(ctx)) contextIds.set(ctx, nextContextId++);
    // everything the step's ops depend on besides the batch's values and the variables
    const key = `${contextIds.get(ctx)}|${lr}|${x.shape.join('x')}|${y.shape.join('x')}|${JSON.stringify(ctx.terms)}`;
    numbers = graphs.step(key, [x, y], eager, finiteLoss);
  } else numbers = eager().read;
  const names = termNames.get(ctx)!;
  const n = names.length;
  return {
    loss: numbers[0]!,
    hits: numbers[1 + 2 * n]!,
    terms: names.map((name, i) => ({ name, raw: numbers[1 + i]!, weighted: numbers[1 + n + i]! })),
  };
}

/** The step op by op: its read-back numbers, term names, and whether it applied the update. */
function eagerStep(ctx: StepContext, x: tf.Tensor4D, y: tf.Tensor1D, lr: number): { numbers: Float32Array; names: string[]; updated: boolean } {
  // 1. frozen teacher: predict() runs BatchNorm on moving statistics; no tape records it.
  const teacherOut: TapOutputs | null = ctx.teacher ? outputsByTap(ctx.teacher.model.predict(x), ctx.teacher.taps) : null;

  // 2. student forward + objective under the gradient tape.
  let names: string[] = [];
  let readout: tf.Tensor1D | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const out = ctx.student.model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
    const student = outputsByTap(out, ctx.student.taps);
    const { total, values } = computeObjective(ctx.terms, student, teacherOut, y, ctx.adapters, true);
    names = values.map((v) => v.name);
    const hits = tf.equal(student.get('logits')!.argMax(1), y).sum().toFloat();
    // [total, raw_1..raw_n, weighted_1..weighted_n, hits]: read back with one sync below
    readout = tf.keep(tf.stack([total, ...values.map((v) => v.raw), ...values.map((v) => v.weighted), hits]) as tf.Tensor1D);
    return total;
  }, ctx.variables);

  const numbers = readout!.dataSync() as Float32Array;

  // 3. update, unless the loss already diverged (the caller stops the run).
  const updated = finiteLoss(numbers);
  if (updated) {
    const ordered = ctx.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
    ctx.optimizer.step(ordered, lr);
  }
  tf.dispose([value, readout!, ...Object.values(grads)]);
  if (teacherOut) tf.dispose([...teacherOut.values()]);
  return { numbers, names, updated };
}
