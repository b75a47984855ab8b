// This project's side of the peer benchmark (bench/peer.ts), run in a child process per backend
// and thread count: the zoo's models (models/registry.ts) and the training loop's own trainStep
// (train-step.ts) with the presets' terms (shared/presets.ts) and SGD (momentum 0.9, weight decay
// 5e-4), on the native 'tensorflow' backend (threads from TF_NUM_INTRAOP_THREADS, set by the
// parent before the library loads; steps, and the teacher-forward workload, run as TensorFlow
// graphs as in a worker: backends/tensorflow/graph-step.ts) or the pure-JS 'cpu' backend with the kernel set
// DISTILL_STUDIO_KERNELS names: 'wasm' (on DISTILL_STUDIO_GEMM_THREADS threads), 'js', or
// 'stock' (tfjs's own kernels, as the worker chooses them: backends/wasm/select.ts). Speaks the
// line protocol of bench/peer/torch_step.py --serve: one JSON request per stdin line, one JSON
// answer per stdout line. Also counts a step's multiply-adds on the cpu backend (step-macs.ts).
import * as tf from '@tensorflow/tfjs';
import { createInterface } from 'node:readline';
import { activeInstall } from '../../src-main/backends/native-setup/install-layout';
import { registerFastCpuKernels } from '../../src-main/backends/cpu/registry';
import { setGemmEngine } from '../../src-main/backends/cpu/gemm-engine';
import { chooseGemmEngine } from '../../src-main/backends/wasm/select';
import { buildModel, countTrainableParams } from '../../src-main/training/core/models/registry';
import { createOptimizer } from '../../src-main/training/core/optimizers';
import { trainStep, type StepContext } from '../../src-main/training/core/train-step';
import { setStepGraphs, stepGraphs } from '../../src-main/training/core/step-graphs';
import { nativeStepGraphs } from '../../src-main/backends/tensorflow';
import { applyNativeEnv, nativeTfVersion, registerNativeBackend } from '../../src-main/training/worker/native-backend';
import { presetTerms } from '../../shared/presets';
import type { Term } from '../../shared/schemas/run-config';
import { countMacs } from '../step-macs';
import { timeOnce } from '../timing';
import WORKLOADS from './workloads.json';

export type WorkloadName = keyof typeof WORKLOADS;
export interface WorkloadSpec {
  label: string;
  student: string | null;
  teacher: string | null;
  shape: number[];
  classes: number;
  method: string;
}
export const workloadSpec = (name: string): WorkloadSpec => {
  const spec = (WORKLOADS as Record<string, WorkloadSpec>)[name];
  if (!spec) throw new Error(`unknown peer workload '${name}'`);
  return spec;
};

interface Built {
  step(): number;
  dispose(): void;
}

/** The workload's step on the current backend, built once (its tensors kept until dispose). */
export function build(name: string, batch: number): Built {
  const spec = workloadSpec(name);
  const shape = spec.shape as [number, number, number];
  const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', 3) as tf.Tensor4D;
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % spec.classes),
    'int32',
  );
  const teacher = spec.teacher ? buildModel(spec.teacher, shape, spec.classes, 1) : null;
  if (!spec.student) {
    const forward = () => ({ read: tf.tidy(() => (teacher!.model.predict(x) as tf.Tensor[])[0]!.sum().dataSync() as Float32Array), complete: true });
    // as a graph where training steps are graphs (native), so that the overhead compares like with like
    const graphs = stepGraphs();
    const step = () => (graphs ? graphs.step(`forward ${name}`, [x], forward, () => true) : forward().read)[0]!;
    return { step, dispose: () => (tf.dispose([x, y]), teacher!.model.dispose()) };
  }
  const student = buildModel(spec.student, shape, spec.classes, 2);
  const terms: Term[] = spec.method === 'ce' ? [{ method: 'ce', weight: 1 }] : presetTerms(spec.method, teacher!.taps, student.taps);
  const variables = student.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: false, weightDecay: 5e-4 }, variables);
  const ctx: StepContext = { student, teacher, adapters: null, terms, variables, optimizer };
  const dispose = () => (tf.dispose([x, y]), optimizer.dispose(), student.model.dispose(), teacher?.model.dispose());
  return { step: () => trainStep(ctx, x, y, 0.01).loss, dispose };
}

/** Multiply-adds of one step of `name` at `batch`, counted on the cpu backend's product kernels. */
export function stepMacs(name: string, batch: number): number {
  const w = build(name, batch);
  const macs = countMacs(() => void w.step());
  w.dispose();
  return macs;
}

/** Trainable parameter counts of the built zoo models, by name (PyTorch's sum of numel over parameters()). */
export function builtParams(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, shape, classes] of [
    ['resnet8', [32, 32, 3], 10],
    ['cnn', [28, 28, 1], 10],
    ['resnet8x4', [32, 32, 3], 100],
    ['resnet32x4', [32, 32, 3], 100],
  ] as const) {
    const built = buildModel(name, [...shape] as [number, number, number], classes, 1);
    out[name] = countTrainableParams(built);
    built.model.dispose();
  }
  return out;
}

/** Child-process entry: `backend` is 'tensorflow' or 'cpu' (with DISTILL_STUDIO_KERNELS). */
export async function serve(backend: string): Promise<void> {
  let version: string;
  if (backend === 'tensorflow') {
    const install = activeInstall('cpu');
    if (!install) throw new Error('no native TensorFlow installed: run `npm run setup:native` first');
    applyNativeEnv();
    registerNativeBackend(tf, install.dir);
    version = `TensorFlow ${nativeTfVersion(install.dir)}, steps as graphs`;
  } else if (process.env.DISTILL_STUDIO_KERNELS !== 'stock') {
    registerFastCpuKernels();
    const choice = chooseGemmEngine(process.env);
    setGemmEngine(choice.engine);
    version = `tfjs ${tf.version.tfjs}, ${choice.reason}`;
  } else {
    version = `tfjs ${tf.version.tfjs}, stock kernels`;
  }
  await tf.setBackend(backend);
  await tf.ready();
  // native: training steps as TensorFlow graphs, as a worker runs them (training/worker/prepare-backend.ts)
  // (one graph per workload kept loaded: a worker's few would be released between rounds)
  if (backend === 'tensorflow') setStepGraphs(nativeStepGraphs(process.env, Object.keys(WORKLOADS).length));
  const cache = new Map<string, Built>();
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const req = JSON.parse(line) as { workload?: string; reps?: number; warmup?: boolean; batch?: number; info?: boolean };
    if (req.info) {
      process.stdout.write(`${JSON.stringify({ version, backend: tf.getBackend(), intraOp: process.env.TF_NUM_INTRAOP_THREADS ?? null })}\n`);
      continue;
    }
    const key = `${req.workload}@${req.batch ?? 64}`;
    let w = cache.get(key);
    if (!w) {
      w = build(req.workload!, req.batch ?? 64);
      // warm-up: first calls allocate (and oneDNN picks its kernels); on native, the first three
      // steps are recorded, recorded again and checked before the step runs as a graph
      for (let i = 0; i < 3; i++) w.step();
      cache.set(key, w);
    } else if (req.warmup) {
      w.step(); // untimed: brings caches and the allocator back after the other engines' turns
    }
    const wall: number[] = [];
    const cpu: number[] = [];
    let loss: number | null = null;
    for (let r = 0; r < (req.reps ?? 1); r++) {
      let value = 0;
      const t = timeOnce(() => void (value = w.step()));
      wall.push(t.wall);
      cpu.push(t.cpu);
      loss ??= value;
    }
    process.stdout.write(`${JSON.stringify({ workload: req.workload, wall, cpu, loss })}\n`);
  }
}
