// Picks the fastest tfjs backend this machine can load, in order: tfjs-node-gpu (CUDA),
// tfjs-node (native CPU), pure-JS tfjs ('cpu'). Never loads both native packages in one process
// (they clash). Returns what it chose and a sentence saying why, for the System screen.
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendInfo } from './protocol';

type Loader = (name: string) => unknown;
/** Folder of an installed package, or null when npm dropped it (failed optional install). */
type Locator = (name: string) => string | null;

/**
 * A native package whose libtensorflow download failed is still on disk without its addon;
 * requiring it would register half its kernels and then throw. Check for the addon first.
 */
function nativeAddonMissing(dir: string | null): string | null {
  if (!dir) return 'not installed';
  const lib = join(dir, 'lib');
  const found = existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
  return found ? null : 'installed without its native library (the libtensorflow download failed at install time)';
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.slice(0, 200);
}

/** `DISTILL_STUDIO_BACKEND=cpu` forces pure JS (tests, benchmarks, debugging). */
export async function loadBestBackend(load: Loader, locate: Locator, env: NodeJS.ProcessEnv = process.env): Promise<BackendInfo> {
  const forced = env.DISTILL_STUDIO_BACKEND;
  const reasons: string[] = [];
  const version = tf.version.tfjs;
  if (forced !== 'cpu') {
    const gpuMissing = nativeAddonMissing(locate('@tensorflow/tfjs-node-gpu'));
    try {
      if (gpuMissing) throw new Error(gpuMissing);
      load('@tensorflow/tfjs-node-gpu');
      await tf.setBackend('tensorflow');
      await tf.ready();
      const usingGpu = Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
      return {
        name: 'tensorflow',
        package: '@tensorflow/tfjs-node-gpu',
        gpu: usingGpu,
        reason: usingGpu
          ? 'CUDA GPU found: training on the GPU with tfjs-node-gpu'
          : 'tfjs-node-gpu loaded but found no usable GPU (it needs CUDA 11.2 + cuDNN 8.1): training on the native CPU kernels',
        tfjsVersion: version,
      };
    } catch (e) {
      reasons.push(`tfjs-node-gpu unavailable (${firstLine(e)})`);
    }
    const cpuMissing = nativeAddonMissing(locate('@tensorflow/tfjs-node'));
    try {
      if (cpuMissing) throw new Error(cpuMissing);
      load('@tensorflow/tfjs-node');
      await tf.setBackend('tensorflow');
      await tf.ready();
      return {
        name: 'tensorflow',
        package: '@tensorflow/tfjs-node',
        gpu: false,
        reason: `${reasons.join('; ')}: using native CPU kernels (tfjs-node)`,
        tfjsVersion: version,
      };
    } catch (e) {
      reasons.push(`tfjs-node unavailable (${firstLine(e)})`);
    }
  } else {
    reasons.push('pure-JS backend forced by DISTILL_STUDIO_BACKEND=cpu');
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return {
    name: 'cpu',
    package: '@tensorflow/tfjs',
    gpu: false,
    reason: `${reasons.join('; ')}: using the pure-JS CPU backend (slow; install CUDA 11.2 + cuDNN 8.1 for GPU training)`,
    tfjsVersion: version,
  };
}
