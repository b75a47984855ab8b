// Distillation benchmark (engine issue): for each method (CE, KD, AT, NST ×3 kernels, KD+NST,
// FitNet) on the active backend, the time of one training step and images/s, for the MNIST pair
// and the CIFAR pair resnet32x4 → resnet8x4; the time of the distillation terms alone; and the
// overhead beyond the teacher forward relative to a plain student step:
//   overhead = (t_step(method) − t_teacher_forward − t_step(CE)) / t_step(CE)
//
// How it is measured, so the difference of large noisy numbers stays fair on a shared machine:
//   • Every method gets its own step context up front; then R rounds, each timing the teacher
//     forward, every full step, and every step with the teacher's outputs precomputed ("student
//     side": the same trainStep with a teacher whose predict() hands back cached outputs). The
//     method order rotates from round to round, so no method always follows the same neighbour
//     (caches, garbage collection). One warm-up round is discarded.
//   • overheadVsStudentStep = median over rounds of (studentSide(method) − studentSide(CE)) / CE,
//     both measured in the same round: the teacher forward is removed by construction instead of
//     being subtracted, and the pairing cancels load drift between rounds.
//   • overheadFromFullSteps applies the formula above literally to the medians of the full steps
//     and of the teacher forward (same rounds): a cross-check, noisier by the teacher's own noise.
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { registerFastCpuKernels } from '../src-main/training/core/cpu-kernels/registry';
import { buildHintAdapters } from '../src-main/training/core/hint-adapters';
import { describeModel, buildModel } from '../src-main/training/core/models/registry';
import { computeObjective } from '../src-main/training/core/objective';
import { createOptimizer } from '../src-main/training/core/optimizers';
import { tapShapes } from '../src-main/training/core/training-state';
import { outputsByTap, trainStep, type StepContext, type TapModel } from '../src-main/training/core/train-step';
import { presetTerms, type PresetName } from '../shared/presets';
import type { RunConfig, Term } from '../shared/schemas/run-config';

export interface DistillBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
}

type Method = PresetName | 'ce';
const METHODS: Method[] = ['ce', 'kd', 'at', 'nst-poly', 'nst-linear', 'nst-gaussian', 'kd+nst', 'fitnet'];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function timeOnce(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const optimizerCfg: RunConfig['optimizer'] = { name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: false, weightDecay: 5e-4 };

interface PairSpec {
  label: string;
  teacher: string;
  student: string;
  shape: [number, number, number];
  classes: number;
  batch: number;
  /** Measured rounds (after one warm-up round). */
  rounds: number;
}

interface MethodRun {
  method: Method;
  terms: Term[];
  full: StepContext;
  studentSide: StepContext;
  dispose(): void;
}

/** A teacher whose predict() returns clones of outputs computed once: the step then costs the student side only. */
function cachedTeacher(teacher: TapModel, outputs: tf.Tensor[]): TapModel {
  const model = { predict: () => outputs.map((t) => t.clone()) } as unknown as tf.LayersModel;
  return { model, taps: teacher.taps };
}

function benchPair(spec: PairSpec, log: (l: string) => void) {
  const { label, shape, classes, batch } = spec;
  const teacher = buildModel(spec.teacher, shape, classes, 1) as TapModel;
  const student = buildModel(spec.student, shape, classes, 2) as TapModel;
  const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', 3) as tf.Tensor4D;
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % classes), 'int32');
  const teacherOutputs = teacher.model.predict(x) as tf.Tensor[];
  const frozen = cachedTeacher(teacher, teacherOutputs);

  const runs: MethodRun[] = METHODS.map((method) => {
    const terms: Term[] = method === 'ce' ? [{ method: 'ce', weight: 1 }] : presetTerms(method, teacher.taps, student.taps);
    const adapters = buildHintAdapters(terms, tapShapes(student), tapShapes(teacher), 1);
    const variables = [...student.model.trainableWeights.map((w) => w.read() as tf.Variable), ...(adapters?.trainableVariables() ?? [])];
    const optimizer = createOptimizer(optimizerCfg, variables);
    const full: StepContext = { student, teacher: method === 'ce' ? null : teacher, adapters, terms, variables, optimizer };
    const studentSide: StepContext = { ...full, teacher: method === 'ce' ? null : frozen };
    return { method, terms, full, studentSide, dispose: () => { adapters?.dispose(); optimizer.dispose(); } };
  });

  const teacherTimes: number[] = [];
  const fullTimes = new Map<Method, number[]>(METHODS.map((m) => [m, []]));
  const sideTimes = new Map<Method, number[]>(METHODS.map((m) => [m, []]));
  for (let r = -1; r < spec.rounds; r++) {
    const order = runs.map((_, i) => runs[(i + Math.max(0, r)) % runs.length]!);
    const tTeacher = timeOnce(() => tf.dispose(teacher.model.predict(x) as tf.Tensor[]));
    const full = order.map((run) => [run.method, timeOnce(() => trainStep(run.full, x, y, 0.01))] as const);
    const side = order.map((run) => [run.method, timeOnce(() => trainStep(run.studentSide, x, y, 0.01))] as const);
    if (r < 0) continue; // warm-up: first calls compile and allocate
    teacherTimes.push(tTeacher);
    for (const [m, t] of full) fullTimes.get(m)!.push(t);
    for (const [m, t] of side) sideTimes.get(m)!.push(t);
    log(`  ${label} round ${r + 1}/${spec.rounds}: teacher ${tTeacher.toFixed(0)} ms, CE ${sideTimes.get('ce')!.at(-1)!.toFixed(0)} ms`);
  }

  const teacherMs = median(teacherTimes);
  const ceTimes = sideTimes.get('ce')!;
  const ceMs = median(ceTimes);
  const rows = runs.map((run) => {
    const { method: m, terms, full } = run;
    const stepMs = m === 'ce' ? ceMs : median(fullTimes.get(m)!);
    const sideMs = median(sideTimes.get(m)!);
    const perRound = sideTimes.get(m)!.map((t, i) => (t - ceTimes[i]!) / ceTimes[i]!);
    const overhead = m === 'ce' ? 0 : median(perRound);
    const literal = m === 'ce' ? 0 : (stepMs - teacherMs - ceMs) / ceMs;
    const termsMs = timeTerms(terms, student, teacherOutputs, teacher.taps, x, y, full.adapters, Math.max(3, spec.rounds));
    run.dispose();
    const row = {
      method: m,
      stepMs: round(stepMs),
      imagesPerSec: round((batch * 1000) / stepMs, 1),
      studentSideMs: round(sideMs),
      termsMs: round(termsMs),
      overheadVsStudentStep: round(overhead, 3),
      overheadRange: m === 'ce' ? [0, 0] : [round(Math.min(...perRound), 3), round(Math.max(...perRound), 3)],
      overheadFromFullSteps: round(literal, 3),
    };
    log(`  ${label} ${m.padEnd(12)} step ${row.stepMs} ms  ${row.imagesPerSec} img/s  student side ${row.studentSideMs} ms  terms ${row.termsMs} ms  overhead ${(overhead * 100).toFixed(1)} % (full-step formula ${(literal * 100).toFixed(1)} %)`);
    return row;
  });
  tf.dispose([x, y, ...teacherOutputs]);
  teacher.model.dispose();
  student.model.dispose();
  return {
    pair: label,
    teacher: { name: spec.teacher, params: describeModel(spec.teacher, shape, classes).params },
    student: { name: spec.student, params: describeModel(spec.student, shape, classes).params },
    inputShape: shape,
    batch,
    rounds: spec.rounds,
    teacherForwardMs: round(teacherMs),
    ceStepMs: round(ceMs),
    methods: rows,
  };
}

/** The distillation terms alone: forward + gradient of the objective w.r.t. precomputed student features (median of `reps`). */
function timeTerms(terms: Term[], student: TapModel, teacherOutputs: tf.Tensor[], teacherTaps: string[], x: tf.Tensor4D, y: tf.Tensor1D,
  adapters: StepContext['adapters'], reps: number): number {
  const sOut = student.model.predict(x) as tf.Tensor[];
  const feats = sOut.map((f) => tf.variable(f));
  const tOut = outputsByTap(teacherOutputs, teacherTaps);
  const run = () => {
    const { value, grads } = tf.variableGrads(() => computeObjective(terms, new Map(student.taps.map((n, i) => [n, feats[i]!])), tOut, y, adapters, true).total, feats);
    tf.dispose([value, ...Object.values(grads)]);
  };
  run();
  const times = Array.from({ length: reps }, () => timeOnce(run));
  tf.dispose([...feats, ...sOut]);
  return median(times);
}

export async function runDistillBench(options: DistillBenchOptions = {}) {
  const log = options.log ?? ((l: string) => console.log(l));
  await tf.setBackend('cpu');
  await tf.ready();
  registerFastCpuKernels();
  log(`distillation step times on tfjs '${tf.getBackend()}' (fast pure-JS kernels registered):`);
  const pairs = [benchPair({ label: 'mnist resnet8→cnn', teacher: 'resnet8', student: 'cnn', shape: [28, 28, 1], classes: 10, batch: 64, rounds: options.quick ? 3 : 9 }, log)];
  // The CIFAR pair costs ~1.1 GMAC per image on the teacher forward alone: batch 8 keeps the pure-JS run in minutes.
  if (!options.quick) {
    pairs.push(benchPair({ label: 'cifar resnet32x4→resnet8x4', teacher: 'resnet32x4', student: 'resnet8x4', shape: [32, 32, 3], classes: 100, batch: 8, rounds: 5 }, log));
  }
  return {
    date: new Date().toISOString(),
    backend: tf.getBackend(),
    quick: Boolean(options.quick),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, tfjs: tf.version.tfjs, loadAvg: os.loadavg().map((l) => round(l)) },
    pairs,
    notes: [
      'overheadVsStudentStep = median over rounds of (step with precomputed teacher outputs − CE step) / CE step, both from the same round; target ≤ 0.15.',
      'overheadRange: smallest and largest per-round value of that ratio.',
      'overheadFromFullSteps = (median full step − median teacher forward − median CE step) / median CE step: the same quantity from full steps, noisier.',
      'studentSideMs: the method step with the teacher outputs precomputed; termsMs: forward and gradient of the objective alone, on precomputed features.',
    ],
  };
}
