// Distillation benchmark: for each method (CE, KD, AT, NST ×3 kernels, KD+NST,
// FitNet) on the active backend, the time of one training step and images/s, for the MNIST pair
// and the CIFAR pair resnet32x4 → resnet8x4; the time of the distillation terms alone; and the
// overhead beyond the teacher forward relative to a plain student step:
//   overhead = (t_step(method) − t_teacher_forward − t_step(CE)) / t_step(CE)
//
// How it is measured, so the difference of large noisy numbers stays fair on a shared machine:
//   • Every method gets its own step context up front; then R rounds, each timing the teacher
//     forward, every full step, and every step with the teacher's outputs precomputed ("student
//     side": the same trainStep with a teacher whose predict() hands back cached outputs), each
//     right next to a CE step of its own (which of the two goes first alternates). The method
//     order rotates from round to round, so no method always follows the same neighbour (caches,
//     garbage collection). One warm-up round is discarded.
//   • overheadVsStudentStep = median over rounds of (studentSide(method) − CE) / CE with the CE
//     step timed next to it: the teacher forward is removed by construction instead of being
//     subtracted, and the pairing cancels load drift.
//   • overheadFromFullSteps applies the formula above literally to the medians of the full steps
//     and of the teacher forward (same rounds): a cross-check, noisier by the teacher's own noise.
//   • Every time is taken twice: wall clock and this process's CPU time (user + system). On a
//     shared machine the wall clock also counts the time other processes hold the cores; CPU
//     time counts only this process's work, so the overheads are reported from both
//     (overheadCpu*, and the wall-clock ones above).
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { chooseGemmEngine } from '../src-main/backends/wasm/select';
import { setGemmEngine } from '../src-main/backends/cpu/gemm-engine';
import { registerFastCpuKernels } from '../src-main/backends/cpu/registry';
import { buildHintAdapters } from '../src-main/training/core/hint-adapters';
import { describeModel, buildModel } from '../src-main/training/core/models/registry';
import { computeObjective } from '../src-main/training/core/objective';
import { createOptimizer } from '../src-main/training/core/optimizers';
import { tapShapes } from '../src-main/training/core/training-state';
import { outputsByTap, trainStep, type StepContext, type TapModel } from '../src-main/training/core/train-step';
import { presetTerms, type PresetName } from '../shared/presets';
import { countMacs } from './step-macs';
import { type Timing, timeOnce } from './timing';
import type { RunConfig, Term } from '../shared/schemas/run-config';

export interface DistillBenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
  /** Measured rounds per pair (defaults: MNIST 15, or 3 when quick; MNIST ResNet 7; CIFAR 5). */
  rounds?: { mnist?: number; mnistResnet?: number; cifar?: number };
  /** Skip the CIFAR pair (it is skipped anyway when quick, as is the MNIST ResNet pair). */
  mnistOnly?: boolean;
}

type Method = PresetName | 'ce';
const METHODS: Method[] = ['ce', 'kd', 'at', 'nst-poly', 'nst-linear', 'nst-gaussian', 'kd+nst', 'fitnet'];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

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
  const teacher = buildModel(spec.teacher, shape, classes, 1);
  const student = buildModel(spec.student, shape, classes, 2);
  const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', 3) as tf.Tensor4D;
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % classes),
    'int32',
  );
  const teacherOutputs = teacher.model.predict(x) as tf.Tensor[];
  const frozen = cachedTeacher(teacher, teacherOutputs);

  const runs: MethodRun[] = METHODS.map((method) => {
    const terms: Term[] = method === 'ce' ? [{ method: 'ce', weight: 1 }] : presetTerms(method, teacher.taps, student.taps);
    const adapters = buildHintAdapters(terms, tapShapes(student), tapShapes(teacher), 1);
    const variables = [...student.model.trainableWeights.map((w) => w.read() as tf.Variable), ...(adapters?.trainableVariables() ?? [])];
    const optimizer = createOptimizer(optimizerCfg, variables);
    const full: StepContext = { student, teacher: method === 'ce' ? null : teacher, adapters, terms, variables, optimizer };
    const studentSide: StepContext = { ...full, teacher: method === 'ce' ? null : frozen };
    return {
      method,
      terms,
      full,
      studentSide,
      dispose: () => {
        adapters?.dispose();
        optimizer.dispose();
      },
    };
  });

  // Multiply-adds of one step of each method (teacher outputs precomputed): the arithmetic floor.
  const stepMacs = new Map<Method, number>(runs.map((run) => [run.method, countMacs(() => trainStep(run.studentSide, x, y, 0.01))]));
  const teacherMacs = countMacs(() => tf.dispose(teacher.model.predict(x)));
  const ceMacs = stepMacs.get('ce')!;

  const teacherTimes: Timing[] = [];
  const fullTimes = new Map<Method, Timing[]>(METHODS.map((m) => [m, []]));
  const sideTimes = new Map<Method, Timing[]>(METHODS.map((m) => [m, []]));
  const ceNextTo = new Map<Method, Timing[]>(METHODS.map((m) => [m, []])); // the CE step paired with each
  const ceRun = runs[0]!;
  for (let r = -1; r < spec.rounds; r++) {
    const order = runs.map((_, i) => runs[(i + Math.max(0, r)) % runs.length]!);
    const tTeacher = timeOnce(() => tf.dispose(teacher.model.predict(x)));
    const full = order.map((run) => [run.method, timeOnce(() => trainStep(run.full, x, y, 0.01))] as const);
    const side = order.map((run, i) => {
      const ceStep = () => timeOnce(() => trainStep(ceRun.studentSide, x, y, 0.01));
      const methodStep = () => timeOnce(() => trainStep(run.studentSide, x, y, 0.01));
      if ((r + i) % 2 === 0) {
        const ce = ceStep();
        return [run.method, methodStep(), ce] as const;
      }
      const t = methodStep();
      return [run.method, t, ceStep()] as const;
    });
    if (r < 0) continue; // warm-up: first calls compile and allocate
    teacherTimes.push(tTeacher);
    for (const [m, t] of full) fullTimes.get(m)!.push(t);
    for (const [m, t, ce] of side) {
      sideTimes.get(m)!.push(t);
      ceNextTo.get(m)!.push(ce);
    }
    const last = ceNextTo.get('kd')!.at(-1)!;
    log(`  ${label} round ${r + 1}/${spec.rounds}: teacher ${tTeacher.wall.toFixed(0)} ms, CE ${last.wall.toFixed(0)} ms (cpu ${last.cpu.toFixed(0)} ms)`);
  }

  const wall = (ts: Timing[]) => ts.map((t) => t.wall);
  const cpu = (ts: Timing[]) => ts.map((t) => t.cpu);
  /** Median over rounds of (side − CE) / CE, paired by round, and the per-round extremes. */
  const paired = (side: number[], ce: number[]) => {
    const perRound = side.map((t, i) => (t - ce[i]!) / ce[i]!);
    return { median: median(perRound), range: [round(Math.min(...perRound), 3), round(Math.max(...perRound), 3)] };
  };
  const teacherMs = median(wall(teacherTimes));
  const ceSide = [...ceNextTo.values()].flat();
  const ceMs = median(wall(ceSide));
  const rows = runs.map((run) => {
    const { method: m, terms, full } = run;
    const isCe = m === 'ce';
    const stepMs = isCe ? ceMs : median(wall(fullTimes.get(m)!));
    const side = sideTimes.get(m)!;
    const overWall = paired(wall(side), wall(ceNextTo.get(m)!));
    const overCpu = paired(cpu(side), cpu(ceNextTo.get(m)!));
    const literal = isCe ? 0 : (stepMs - teacherMs - ceMs) / ceMs;
    const literalCpu = isCe ? 0 : (median(cpu(fullTimes.get(m)!)) - median(cpu(teacherTimes)) - median(cpu(ceSide))) / median(cpu(ceSide));
    const termsMs = timeTerms(terms, student, teacherOutputs, teacher.taps, x, y, full.adapters, Math.max(3, spec.rounds));
    run.dispose();
    const row = {
      method: m,
      stepMs: round(stepMs),
      imagesPerSec: round((batch * 1000) / stepMs, 1),
      studentSideMs: round(isCe ? ceMs : median(wall(side))),
      studentSideCpuMs: round(median(cpu(side))),
      termsMs: round(termsMs),
      overheadVsStudentStep: isCe ? 0 : round(overWall.median, 3),
      overheadRange: isCe ? [0, 0] : overWall.range,
      overheadCpu: isCe ? 0 : round(overCpu.median, 3),
      overheadCpuRange: isCe ? [0, 0] : overCpu.range,
      overheadFromFullSteps: round(literal, 3),
      stepMacs: stepMacs.get(m)!,
      arithmeticFloor: round((stepMacs.get(m)! - ceMacs) / ceMacs, 3),
      overheadFromFullStepsCpu: round(literalCpu, 3),
    };
    const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
    log(
      `  ${label} ${m.padEnd(12)} step ${row.stepMs} ms  ${row.imagesPerSec} img/s  student side ${row.studentSideMs} ms  terms ${row.termsMs} ms  ` +
        `overhead ${pct(row.overheadVsStudentStep)} wall, ${pct(row.overheadCpu)} cpu (full-step formula ${pct(literal)} wall, ${pct(literalCpu)} cpu), ` +
        `arithmetic floor ${pct(row.arithmeticFloor)}`,
    );
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
    teacherForwardMacs: teacherMacs,
    ceStepMacs: ceMacs,
    ceStepMs: round(ceMs),
    ceStepCpuMs: round(median(cpu(ceSide))),
    methods: rows,
  };
}

/** The distillation terms alone: forward + gradient of the objective w.r.t. precomputed student features (median of `reps`). */
function timeTerms(
  terms: Term[],
  student: TapModel,
  teacherOutputs: tf.Tensor[],
  teacherTaps: string[],
  x: tf.Tensor4D,
  y: tf.Tensor1D,
  adapters: StepContext['adapters'],
  reps: number,
): number {
  const sOut = student.model.predict(x) as tf.Tensor[];
  const feats = sOut.map((f) => tf.variable(f));
  const tOut = outputsByTap(teacherOutputs, teacherTaps);
  const run = () => {
    const { value, grads } = tf.variableGrads(
      () => computeObjective(terms, new Map(student.taps.map((n, i) => [n, feats[i]!])), tOut, y, adapters, true).total,
      feats,
    );
    tf.dispose([value, ...Object.values(grads)]);
  };
  run();
  const times = Array.from({ length: reps }, () => timeOnce(run).wall);
  tf.dispose([...feats, ...sOut]);
  return median(times);
}

export async function runDistillBench(options: DistillBenchOptions = {}) {
  const log = options.log ?? ((l: string) => console.log(l));
  await tf.setBackend('cpu');
  await tf.ready();
  registerFastCpuKernels();
  // Products on the gemm the worker would use (DISTILL_STUDIO_KERNELS: wasm by default, or js).
  const gemm = chooseGemmEngine(process.env);
  setGemmEngine(gemm.engine);
  log(`distillation step times on tfjs '${tf.getBackend()}' (fast kernels registered, products on the ${gemm.reason}):`);
  const mnistRounds = options.rounds?.mnist ?? (options.quick ? 3 : 15);
  const pairs = [
    benchPair({ label: 'mnist resnet8→cnn', teacher: 'resnet8', student: 'cnn', shape: [28, 28, 1], classes: 10, batch: 64, rounds: mnistRounds }, log),
  ];
  // The LeNet-sized student above does about as much arithmetic per image as NST's kernel
  // matrices on its 14×14×32 tap (see arithmeticFloor); a ResNet student on the same data shows
  // the engine where the student is not smaller than its own distillation terms.
  if (!options.quick) {
    const rounds = options.rounds?.mnistResnet ?? 7;
    pairs.push(
      benchPair({ label: 'mnist resnet20→resnet8', teacher: 'resnet20', student: 'resnet8', shape: [28, 28, 1], classes: 10, batch: 64, rounds }, log),
    );
  }
  // The CIFAR pair costs ~1.1 GMAC per image on the teacher forward alone: batch 8 keeps the pure-JS run in minutes.
  if (!options.quick && !options.mnistOnly) {
    const rounds = options.rounds?.cifar ?? 5;
    pairs.push(
      benchPair({ label: 'cifar resnet32x4→resnet8x4', teacher: 'resnet32x4', student: 'resnet8x4', shape: [32, 32, 3], classes: 100, batch: 8, rounds }, log),
    );
  }
  return {
    date: new Date().toISOString(),
    backend: tf.getBackend(),
    gemm: gemm.reason,
    quick: Boolean(options.quick),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      node: process.version,
      tfjs: tf.version.tfjs,
      loadAvg: os.loadavg().map((l) => round(l)),
    },
    pairs,
    notes: [
      'overheadVsStudentStep = median over rounds of (step with precomputed teacher outputs − CE step) / CE step, both from the same round, wall clock; target ≤ 0.15.',
      "overheadCpu: the same from this process's CPU time (user + system), which other processes on a shared machine do not inflate.",
      'overheadRange / overheadCpuRange: smallest and largest per-round value of those ratios.',
      'overheadFromFullSteps(Cpu) = (median full step − median teacher forward − median CE step) / median CE step: the same quantity from full steps, noisier.',
      'studentSideMs: the method step with the teacher outputs precomputed; termsMs: forward and gradient of the objective alone, on precomputed features.',
      'arithmeticFloor = (multiply-adds of the method step − those of the CE step) / those of the CE step, counted at the product kernels (step-macs.ts): the overhead at equal speed per multiply-add; element-wise work is not counted.',
    ],
  };
}
