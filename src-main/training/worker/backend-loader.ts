// Picks the fastest tfjs backend this machine can load, in order: the native TensorFlow that
// `distill-studio setup-backend` built (GPU install, then CPU install), the npm packages
// tfjs-node-gpu and tfjs-node, then pure-JS tfjs ('cpu'). Only one native library is ever loaded
// in a process (two clash, and tfjs-node cannot load twice). Returns what it chose and a sentence
// saying why, for the System screen, `runs show` and `doctor`.
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findLibcuda } from '../../backends/native-setup/gpu-probe';
import type { NativeInstall, NativeVariant } from '../../backends/native-setup/install-layout';
import { applyNativeEnv, nativeTfVersion, registerNativeBackend } from './native-backend';
import { registerNativeKernels } from '../../backends/tensorflow';
import type { BackendInfo } from './protocol';

type Loader = (name: string) => unknown;
/** Folder of an installed package, or null when npm dropped it (failed optional install). */
type Locator = (name: string) => string | null;
/** The setup-backend install of a variant, or null. */
type InstallFinder = (variant: NativeVariant) => NativeInstall | null;

const SETUP_HINT = 'run `npm run setup:native` (or `distill-studio setup-backend`) to build it';

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

function usingGpu(): boolean {
  return Boolean((tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice);
}

async function activate(): Promise<void> {
  if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow backend failed to initialise');
  await tf.ready();
}

/** The setup-backend install, GPU build first; null with reasons pushed when none loads. */
async function trySetupInstall(find: InstallFinder, reasons: string[]): Promise<BackendInfo | null> {
  for (const variant of ['gpu', 'cpu'] as const) {
    const install = find(variant);
    if (!install) {
      if (variant === 'cpu') reasons.push(`no native TensorFlow built by setup-backend (${SETUP_HINT})`);
      continue;
    }
    try {
      const threads = applyNativeEnv();
      registerNativeBackend(tf, install.dir);
      await activate();
      const tfVersion = nativeTfVersion(install.dir);
      const gpu = usingGpu();
      const noGpu = variant === 'gpu' && !gpu ? (findLibcuda() ? 'the GPU build found no usable GPU' : 'no NVIDIA driver (libcuda.so.1 not found)') : null;
      const build = variant === 'gpu' ? 'GPU build of TensorFlow' : 'native TensorFlow';
      return {
        name: 'tensorflow',
        package: `tfjs-node ${install.manifest.tfjsNodeVersion} + TensorFlow ${tfVersion}${variant === 'gpu' ? ' GPU' : ''} (setup-backend)`,
        gpu,
        reason:
          `${build} ${tfVersion} from setup-backend` +
          `${noGpu ? `: ${noGpu}` : ''}, training on the ${gpu ? 'GPU' : `CPU with ${threads.intraOp} thread${threads.intraOp === 1 ? '' : 's'}`}`,
        tfjsVersion: tf.version.tfjs,
        native: { tfVersion, dir: install.dir, variant, intraOpThreads: threads.intraOp, interOpThreads: threads.interOp },
      };
    } catch (e) {
      // The library may be half-registered now: never try a second native package in this process.
      reasons.push(`setup-backend ${variant} build failed to load (${firstLine(e)})`);
      throw new NativeLoadFailed(reasons);
    }
  }
  return null;
}

class NativeLoadFailed extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join('; '));
  }
}

/** tfjs-node-gpu, then tfjs-node, as installed by npm (their libtensorflow download must have worked). */
async function tryNpmPackages(load: Loader, locate: Locator, reasons: string[]): Promise<BackendInfo | null> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const) {
    const missing = nativeAddonMissing(locate(pkg));
    if (missing) {
      reasons.push(`${pkg.slice(12)} ${missing}`);
      continue;
    }
    try {
      applyNativeEnv();
      load(pkg);
      registerNativeKernels();
      await activate();
      const gpu = usingGpu();
      const reason =
        pkg === '@tensorflow/tfjs-node'
          ? 'using native CPU kernels (tfjs-node)'
          : gpu
            ? 'CUDA GPU found: training on the GPU with tfjs-node-gpu'
            : 'tfjs-node-gpu loaded but found no usable GPU (it needs CUDA 11.2 + cuDNN 8.1): training on the native CPU kernels';
      return { name: 'tensorflow', package: pkg, gpu, reason: [...reasons, reason].join('; '), tfjsVersion: tf.version.tfjs };
    } catch (e) {
      reasons.push(`${pkg.slice(12)} unavailable (${firstLine(e)})`);
      return null; // a failed native load can leave kernels behind: stop trying native packages
    }
  }
  return null;
}

/**
 * `DISTILL_STUDIO_BACKEND=cpu` forces pure JS (tests, benchmarks, debugging);
 * `DISTILL_STUDIO_BACKEND=tensorflow` requires a native backend and throws when none loads.
 */
export async function loadBestBackend(load: Loader, locate: Locator, findInstall: InstallFinder, env: NodeJS.ProcessEnv = process.env): Promise<BackendInfo> {
  const forced = env.DISTILL_STUDIO_BACKEND;
  const reasons: string[] = [];
  if (forced !== 'cpu') {
    let native: BackendInfo | null = null;
    try {
      native = (await trySetupInstall(findInstall, reasons)) ?? (await tryNpmPackages(load, locate, reasons));
    } catch (e) {
      if (!(e instanceof NativeLoadFailed)) throw e;
    }
    if (native) return native;
    if (forced === 'tensorflow') {
      throw new Error(`DISTILL_STUDIO_BACKEND=tensorflow but no native backend loads: ${reasons.join('; ')}`);
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
    reason: `${reasons.join('; ')}: using the pure-JS CPU backend (slow; ${SETUP_HINT.replace('to build it', 'for native speed')})`,
    tfjsVersion: tf.version.tfjs,
  };
}
