// Child-process entry (out/main/native-check.js) that proves a native backend works before
// anyone trains on it. `--dir <install>`: load that folder (setup-backend verifying a fresh
// build before making it active). No flag: run the worker's own backend choice (doctor).
// Either way it checks conv2d and matMul against pure JS and prints one JSON line.
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { activeInstall } from '../../backends/native-setup/install-layout';
import { nodeRequire, packageDir } from '../../package-resolve';
import { loadBestBackend } from './backend-loader';
import { applyNativeEnv, nativeTfVersion, registerNativeBackend } from './native-backend';
import type { BackendInfo } from './protocol';

async function onBackend<T>(name: string, fn: () => Promise<T>): Promise<T> {
  await tf.setBackend(name);
  return fn();
}

/** Same inputs on 'tensorflow' and 'cpu': largest absolute difference of conv2d and matMul outputs. */
async function compareWithPureJs(): Promise<number> {
  const run = () =>
    tf.tidy(() => {
      const x = tf.randomUniform([2, 12, 12, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
      const w = tf.randomUniform([3, 3, 3, 8], -1, 1, 'float32', 8) as tf.Tensor4D;
      const a = tf.randomUniform([16, 24], -1, 1, 'float32', 9);
      const b = tf.randomUniform([24, 5], -1, 1, 'float32', 10);
      return tf.concat([tf.conv2d(x, w, 1, 'same').flatten(), tf.matMul(a, b).flatten()]);
    });
  const native = await onBackend('tensorflow', async () => Float32Array.from(await run().data()));
  const js = await onBackend('cpu', async () => Float32Array.from(await run().data()));
  await tf.setBackend('tensorflow');
  let max = 0;
  for (let i = 0; i < js.length; i++) max = Math.max(max, Math.abs(js[i]! - native[i]!));
  return max;
}

async function verifyDir(dir: string): Promise<Record<string, unknown>> {
  const threads = applyNativeEnv();
  registerNativeBackend(tf, dir);
  if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow backend failed to initialise');
  return { tfVersion: nativeTfVersion(dir), threads, backend: tf.getBackend() };
}

async function workerChoice(): Promise<BackendInfo> {
  const locate = (name: string) => {
    try {
      return packageDir(name);
    } catch {
      return null;
    }
  };
  return loadBestBackend(
    (name) => nodeRequire(name),
    locate,
    (v) => activeInstall(v),
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const at = process.argv.indexOf('--dir');
  const facts: Record<string, unknown> = at > 0 ? await verifyDir(process.argv[at + 1]!) : { worker: await workerChoice() };
  if (tf.getBackend() === 'tensorflow') {
    facts.maxAbsDiff = await compareWithPureJs();
    facts.gpuDevice = Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
  }
  facts.sameEngine = tf.engine().backendName === tf.getBackend();
  facts.rssBytes = process.memoryUsage().rss;
  facts.seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ ok: true, ...facts })}\n`);
}

main().catch((e: unknown) => {
  process.stdout.write(`${JSON.stringify({ ok: false, error: e instanceof Error ? e.message : String(e) })}\n`);
  process.exitCode = 1;
});
