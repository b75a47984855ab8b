// Distillation benchmark (engine issue): for each method (CE, KD, AT, NST ×3 kernels, KD+NST,
// FitNet) on the active backend, the time of one training step and images/s, for the MNIST pair
// and the CIFAR pair resnet32x4 → resnet8x4; the time of the distillation terms alone; and the
// overhead beyond the teacher forward relative to a plain student step:
//   overhead = (t_step(method) − t_teacher_forward − t_step(CE)) / t_step(CE)
// Teacher forward, CE step and method steps are measured interleaved in one process.
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

const METHODS: (PresetName | 'ce')[] = ['ce', 'kd', 'at', 'nst-poly', 'nst-linear', 'nst-gaussian', 'kd+nst', 'fitnet'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function timeIt(fn: () => void, reps: number): number {
  fn(); // warm-up (kernel JIT, allocation)
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const optimizerCfg: RunConfig['optimizer'] = { name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: false, weightDecay: 5e-4 };

function benchPair(label: string, teacherName: string, studentName: string, shape: [number, number, number], classes: number, batch: number, reps: number, log: (l: string) => void) {
  const teacher = buildModel(teacherName, shape, classes, 1) as TapModel;
  const student = buildModel(studentName, shape, classes, 2) as TapModel;
  const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', 3) as tf.Tensor4D;
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % classes), 'int32');
  const tNames = teacher.taps;
  const sNames = student.taps;

  const teacherMs = timeIt(() => tf.dispose(teacher.model.predict(x) as tf.Tensor[]), reps);
  const rows = [];
  let ceMs = 0;
  for (const m of METHODS) {
    const terms: Term[] = m === 'ce' ? [{ method: 'ce', weight: 1 }] : presetTerms(m, tNames, sNames);
    const adapters = buildHintAdapters(terms, tapShapes(student), tapShapes(teacher), 1);
    const variables = [...student.model.trainableWeights.map((w) => w.read() as tf.Variable), ...(adapters?.trainableVariables() ?? [])];
    const ctx: StepContext = { student, teacher: m === 'ce' ? null : teacher, adapters, terms, variables, optimizer: createOptimizer(optimizerCfg, variables) };
    const stepMs = timeIt(() => trainStep(ctx, x, y, 0.01), reps);
    if (m === 'ce') ceMs = stepMs;
    // The distillation terms alone: forward + gradient of the objective w.r.t. precomputed features.
    const sOut = outputsByTap(student.model.predict(x) as tf.Tensor[], sNames);
    const tOut = outputsByTap(teacher.model.predict(x) as tf.Tensor[], tNames);
    const feats = [...sOut.values()].map((f) => tf.variable(f));
    const termsMs = timeIt(() => {
      const { value, grads } = tf.variableGrads(() => computeObjective(terms, new Map(sNames.map((n, i) => [n, feats[i]!])), tOut, y, adapters, true).total, feats);
      tf.dispose([value, ...Object.values(grads)]);
    }, reps);
    tf.dispose([...feats, ...sOut.values(), ...tOut.values()]);
    adapters?.dispose();
    ctx.optimizer.dispose();
    const overhead = m === 'ce' ? 0 : (stepMs - teacherMs - ceMs) / ceMs;
    const row = { method: m, stepMs: round(stepMs), imagesPerSec: round((batch * 1000) / stepMs, 1), termsMs: round(termsMs), overheadVsStudentStep: round(overhead, 3) };
    log(`  ${label} ${m.padEnd(12)} step ${row.stepMs} ms  ${row.imagesPerSec} img/s  terms ${row.termsMs} ms  overhead ${(overhead * 100).toFixed(1)} %`);
    rows.push(row);
  }
  tf.dispose([x, y]);
  teacher.model.dispose();
  student.model.dispose();
  return {
    pair: label,
    teacher: { name: teacherName, params: describeModel(teacherName, shape, classes).params },
    student: { name: studentName, params: describeModel(studentName, shape, classes).params },
    inputShape: shape,
    batch,
    teacherForwardMs: round(teacherMs),
    methods: rows,
  };
}

export async function runDistillBench(options: DistillBenchOptions = {}) {
  const log = options.log ?? ((l: string) => console.log(l));
  await tf.setBackend('cpu');
  await tf.ready();
  registerFastCpuKernels();
  log(`distillation step times on tfjs '${tf.getBackend()}' (fast pure-JS kernels registered):`);
  const pairs = [benchPair('mnist resnet8→cnn', 'resnet8', 'cnn', [28, 28, 1], 10, 64, options.quick ? 1 : 3, log)];
  // The CIFAR pair costs ~1.3 GMAC per image on the teacher alone: batch 8 keeps the pure-JS run in minutes.
  if (!options.quick) pairs.push(benchPair('cifar resnet32x4→resnet8x4', 'resnet32x4', 'resnet8x4', [32, 32, 3], 100, 8, 1, log));
  return {
    date: new Date().toISOString(),
    backend: tf.getBackend(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, tfjs: tf.version.tfjs, loadAvg: os.loadavg().map((l) => round(l)) },
    pairs,
    notes: [
      'overheadVsStudentStep = (method step − teacher forward − CE student step) / CE student step; target ≤ 0.15.',
      'termsMs: forward and gradient of the objective alone, on precomputed features.',
    ],
  };
}
