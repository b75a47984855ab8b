// Where the native TensorFlow backend built by `distill-studio setup-backend` lives, and how a
// worker finds the active install. Outside node_modules on purpose: `npm ci` wipes that folder,
// and the desktop app cannot write into its own (read-only) resources. No tfjs here: the main
// process reads this too (doctor, System screen).
import { existsSync, readFileSync, readdirSync, statSync, lstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type NativeVariant = 'cpu' | 'gpu';

/** TensorFlow 2.16.2: tfjs-core's whole op suite passes; 2.17+ returns zeros for int32 `round`. */
export const DEFAULT_TF_VERSION = '2.16.2';
/** The tfjs-node release whose addon sources and kernels we build; matches @tensorflow/tfjs. */
export const TFJS_NODE_VERSION = '4.22.0';
export const NAPI_VERSION = 8;
export const BINDING_PATH = `lib/napi-v${NAPI_VERSION}/tfjs_binding.node`;

/** Written last into an install folder; its presence means the install was verified. */
export interface NativeManifest {
  tfVersion: string;
  variant: NativeVariant;
  tfjsNodeVersion: string;
  wheel: string;
  builtWithNode: string;
  builtAt: string;
  sizeBytes: number;
  /** What the verification child measured against pure JS. */
  check: { maxAbsDiff: number; seconds: number };
}

export interface NativeInstall {
  dir: string;
  manifest: NativeManifest;
}

/** `$DISTILL_STUDIO_NATIVE_DIR`, else the user's cache folder (XDG), shared by app, CLI and tests. */
export function nativeRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DISTILL_STUDIO_NATIVE_DIR) return env.DISTILL_STUDIO_NATIVE_DIR;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'distill-studio', 'native');
}

export function installDirName(tfVersion: string, variant: NativeVariant): string {
  return `${tfVersion}-${variant}`;
}

/** Pointer file naming the install a worker should load for a variant. */
export function currentPointer(root: string, variant: NativeVariant): string {
  return join(root, `current-${variant}.json`);
}

export function readInstall(dir: string): NativeInstall | null {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'install.json'), 'utf8')) as NativeManifest;
    if (!existsSync(join(dir, BINDING_PATH))) return null;
    return { dir, manifest };
  } catch {
    return null;
  }
}

/** The install `setup-backend` last completed for this variant, or null (never set up, or removed). */
export function activeInstall(variant: NativeVariant, env: NodeJS.ProcessEnv = process.env): NativeInstall | null {
  const root = nativeRoot(env);
  try {
    const { dir } = JSON.parse(readFileSync(currentPointer(root, variant), 'utf8')) as { dir: string };
    return readInstall(join(root, dir));
  } catch {
    return null;
  }
}

/** Bytes on disk under a folder (symlinks counted as links, not targets). */
export function folderSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += folderSize(p);
    else total += entry.isSymbolicLink() ? lstatSync(p).size : statSync(p).size;
  }
  return total;
}
