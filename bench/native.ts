// Native TensorFlow (setup-backend's build) against the pure-JS backend with the project's fast
// kernels: training steps (forward, backward, SGD-momentum update) of resnet8 and the app's MNIST
// CNN at batch 64, both backends in one process, interleaved, medians of wall and CPU time. Both
// start from identical weights; the first step's losses are compared. Native uses every core
// (TF_NUM_INTRAOP_THREADS), pure JS one: the CPU-time ratio shows the per-core gain.
// Run: `node bench/run.mjs native [--quick]` after `npm run setup:native`.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { activeInstall } from '../src-main/backends/native-setup/install-layout';
import { registerFastCpuKernels } from '../src-main/backends/cpu';
import { applyNativeEnv, nativeTfVersion, registerNativeBackend } from '../src-main/training/worker/native-backend';
import { buildMnistCnn, buildResnet8, makeTrainer } from './cpu-kernels.models';
import { timeOnce, type Timing } from './timing';

export interface NativeStep {
  model: string;
  batch: number;
  jsMedianMs: number;
  nativeMedianMs: number;
  ratio: number;
  jsCpuMedianMs: number;
  nativeCpuMedianMs: number;
  cpuRatio: number;
  firstLossJs: number;
  firstLossNative: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, d = 0) => Number(x.toFixed(d));

async function onBackend<T>(name: string, fn: () => T): Promise<T> {
  await tf.setBackend(name);
  return fn();
}

async function benchModel(
  model: string,
  build: () => tf.LayersModel,
  shape: number[],
  batch: number,
  reps: number,
  log: (l: string) => void,
): Promise<NativeStep> {
  const side = async (backend: string) =>
    onBackend(backend, () => {
      const net = build();
      return { net, trainer: makeTrainer(net, shape, batch, 1) };
    });
  const js = await side('cpu');
  const native = await side('tensorflow');
  const firstLossJs = await onBackend('cpu', () => js.trainer.step().loss);
  const firstLossNative = await onBackend('tensorflow', () => native.trainer.step().loss);
  await onBackend('tensorflow', () => native.trainer.step()); // warm-up (oneDNN picks its kernels)
  const t: { js: Timing[]; native: Timing[] } = { js: [], native: [] };
  for (let r = 0; r < reps; r++) {
    t.js.push(await onBackend('cpu', () => timeOnce(() => js.trainer.step())));
    t.native.push(await onBackend('tensorflow', () => timeOnce(() => native.trainer.step())));
  }
  for (const s of [js, native]) {
    s.trainer.dispose();
    s.net.dispose();
  }
  const wall = (ts: Timing[]) => median(ts.map((x) => x.wall));
  const cpu = (ts: Timing[]) => median(ts.map((x) => x.cpu));
  const row: NativeStep = {
    model,
    batch,
    jsMedianMs: round(wall(t.js)),
    nativeMedianMs: round(wall(t.native)),
    ratio: round(wall(t.js) / wall(t.native), 1),
    jsCpuMedianMs: round(cpu(t.js)),
    nativeCpuMedianMs: round(cpu(t.native)),
    cpuRatio: round(cpu(t.js) / cpu(t.native), 1),
    firstLossJs,
    firstLossNative,
  };
  log(
    `  ${model} b${batch}: pure JS ${row.jsMedianMs} ms, native ${row.nativeMedianMs} ms (×${row.ratio} wall, ×${row.cpuRatio} cpu); first loss ${firstLossJs.toFixed(6)} vs ${firstLossNative.toFixed(6)}`,
  );
  return row;
}

export async function runNativeBench(options: { quick?: boolean; log?: (l: string) => void } = {}) {
  const log = options.log ?? ((l: string) => console.log(l));
  const install = activeInstall('cpu');
  if (!install) throw new Error('no native TensorFlow installed: run `npm run setup:native` first');
  const threads = applyNativeEnv();
  registerNativeBackend(tf, install.dir);
  registerFastCpuKernels();
  const reps = options.quick ? 3 : 7;
  const loadAvgStart = os.loadavg().map((l) => round(l, 2));
  const steps = [
    await benchModel('resnet8', () => buildResnet8(1), [32, 32, 3], 64, reps, log),
    await benchModel('mnist cnn', () => buildMnistCnn(1), [28, 28, 1], 64, reps, log),
  ];
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      node: process.versions.node,
      tfjs: tf.version.tfjs,
      platform: `${os.platform()} ${os.arch()}`,
      loadAvgStart,
      loadAvgEnd: os.loadavg().map((l) => round(l, 2)),
    },
    tensorflow: nativeTfVersion(install.dir),
    threads,
    reps,
    steps,
  };
}
