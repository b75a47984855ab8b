// Loads the native backend that `setup-backend` built (see src-main/backends/native-setup/) into
// THIS process's tfjs: the install folder holds only tfjs-node's own files, and every
// `require('@tensorflow/tfjs')` (or tfjs-core) made from inside it is answered with the worker's tfjs object, so
// the 'tensorflow' kernels and backend register into the one engine the training code uses.
// tfjs-node's index.js is skipped: it needs node-pre-gyp and would switch backends on import.
import Module from 'node:module';
import { cpus } from 'node:os';
import { realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type * as tfNamespace from '@tensorflow/tfjs';
import { BINDING_PATH } from '../../backends/native-setup/install-layout';
import { registerNativeKernels } from '../../backends/tensorflow';
import { nodeRequire } from '../../package-resolve';

type Tf = typeof tfNamespace;
type LoadFn = (request: string, parent: { filename?: string } | null | undefined, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: LoadFn };
const TFJS_NAMES = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-core']);

/**
 * Environment TensorFlow reads when the library loads: quiet start-up logs, and all cores for
 * the op thread pools unless the user chose (`TF_NUM_INTRAOP_THREADS` / `_INTEROP_`).
 */
export function applyNativeEnv(env: NodeJS.ProcessEnv = process.env): { intraOp: number; interOp: number } {
  env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  env.TF_NUM_INTRAOP_THREADS ??= String(cpus().length);
  env.TF_NUM_INTEROP_THREADS ??= String(Math.max(1, Math.min(2, cpus().length)));
  return { intraOp: Number(env.TF_NUM_INTRAOP_THREADS), interOp: Number(env.TF_NUM_INTEROP_THREADS) };
}

/** Requires tfjs-node's kernels and backend from an install folder, bound to the given tfjs. */
export function registerNativeBackend(tf: Tf, dir: string): void {
  const root = realpathSync(dir) + sep; // Node records modules under their real path
  const previous = moduleInternals._load;
  moduleInternals._load = function (request, parent, isMain) {
    // tfjs re-exports all of tfjs-core, so one object answers both names
    if (TFJS_NAMES.has(request) && parent?.filename?.startsWith(root)) return tf;
    return previous.call(this, request, parent, isMain);
  };
  try {
    nodeRequire(join(dir, 'dist', 'register_all_kernels.js'));
    const { NodeJSKernelBackend } = nodeRequire(join(dir, 'dist', 'nodejs_kernel_backend.js')) as {
      NodeJSKernelBackend: new (binding: unknown, packageName: string) => tfNamespace.KernelBackend;
    };
    const binding = nodeRequire(join(dir, BINDING_PATH));
    tf.registerBackend('tensorflow', () => new NodeJSKernelBackend(binding, '@tensorflow/tfjs-node'), 3);
    registerNativeKernels();
  } finally {
    moduleInternals._load = previous;
  }
}

/** The TensorFlow version the loaded library reports (the C API's TF_Version). */
export function nativeTfVersion(dir: string): string {
  const binding = nodeRequire(join(dir, BINDING_PATH)) as { TF_Version?: string };
  return binding.TF_Version ?? 'unknown';
}
