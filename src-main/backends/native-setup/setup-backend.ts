// `distill-studio setup-backend`: builds the native TensorFlow backend from public packages
// (tfjs-node's addon sources from npm, TensorFlow's C library from the PyPI wheel), verifies it
// in a child process and only then makes it current. Work happens in a scratch folder beside the
// installs, so a failure at any step leaves the previous install as it was.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAddon, nodeHeadersDir } from './build-addon';
import { cudaRequirements, extractCudaWheel } from './cuda-wheels';
import {
  DEFAULT_TF_VERSION,
  NAPI_VERSION,
  TFJS_NODE_VERSION,
  currentPointer,
  folderSize,
  installDirName,
  nativeRoot,
  readInstall,
  type NativeInstall,
  type NativeManifest,
  type NativeVariant,
} from './install-layout';
import { fetchNpmPackage } from './npm-tarball';
import { downloadWheel } from './pip-wheel';
import { checkPrerequisites, prerequisiteRefusal } from './prerequisites';
import { mb, type SetupReporter } from './setup-progress';
import { checkProblem, runNativeCheck } from './verify-install';
import { extractWheel } from './wheel-extract';
import { pidExists } from '../../process-identity';

export interface SetupOptions {
  tfVersion?: string;
  variant?: NativeVariant;
  force?: boolean;
  /** out/main/native-check.js */
  checkEntry: string;
  report: SetupReporter;
  env?: NodeJS.ProcessEnv;
}

export interface SetupResult {
  status: 'installed' | 'already-installed';
  install: NativeInstall;
  seconds: number;
  downloadedBytes: number;
}

/** A host problem the user fixes (missing tools); the CLI prints it without a stack. */
export class SetupRefused extends Error {}

/** Points workers at an install: written to a temp file and renamed, so readers never see half. */
function makeCurrent(root: string, variant: NativeVariant, dirName: string): void {
  const tmp = `${currentPointer(root, variant)}.${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify({ dir: dirName })}\n`);
  renameSync(tmp, currentPointer(root, variant));
}

/** Scratch folders of setups that were killed (their process is gone). */
function removeStaleWork(root: string): void {
  for (const name of readdirSync(root)) {
    const m = /^\.(work|old)-(\d+)$/.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || !pidExists(pid)) rmSync(join(root, name), { recursive: true, force: true });
  }
}

/** GPU build: the nvidia-*-cu12 wheels TensorFlow pins, one at a time (each deleted once unzipped). */
async function addCudaLibraries(tfWheel: string, work: string, pkg: string, report: SetupReporter, env: NodeJS.ProcessEnv): Promise<number> {
  const reqs = cudaRequirements(tfWheel, env);
  report.step(`downloading ${reqs.length} CUDA/cuDNN wheels with pip (several GB) into deps/nvidia`);
  let bytes = 0;
  for (const req of reqs) {
    const dir = join(work, 'cuda', req.split('==')[0]!);
    const wheel = await downloadWheel(req, dir, report, env);
    bytes += folderSize(dir);
    extractCudaWheel(wheel, pkg, env);
    rmSync(dir, { recursive: true, force: true });
  }
  return bytes;
}

export async function setupBackend(opts: SetupOptions): Promise<SetupResult> {
  const started = Date.now();
  const env = opts.env ?? process.env;
  const tfVersion = opts.tfVersion ?? DEFAULT_TF_VERSION;
  const variant = opts.variant ?? 'cpu';
  const root = nativeRoot(env);
  const dirName = installDirName(tfVersion, variant);
  const target = join(root, dirName);
  const existing = readInstall(target);
  if (existing && !opts.force) {
    makeCurrent(root, variant, dirName);
    return { status: 'already-installed', install: existing, seconds: (Date.now() - started) / 1000, downloadedBytes: 0 };
  }
  const refusal = prerequisiteRefusal(checkPrerequisites(env));
  if (refusal) throw new SetupRefused(refusal);

  mkdirSync(root, { recursive: true });
  removeStaleWork(root);
  const work = join(root, `.work-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  const pkg = join(work, 'tfjs-node');
  const report = opts.report;
  let downloaded = 0;
  try {
    report.step(`fetching @tensorflow/tfjs-node@${TFJS_NODE_VERSION} (addon sources and kernels) from the npm registry`);
    downloaded += await fetchNpmPackage('@tensorflow/tfjs-node', TFJS_NODE_VERSION, pkg, report, env);
    downloaded += await fetchNpmPackage('google-protobuf', '3.21.4', join(pkg, 'node_modules', 'google-protobuf'), report, env);

    const requirement = `${variant === 'gpu' ? 'tensorflow' : 'tensorflow-cpu'}==${tfVersion}`;
    report.step(`downloading the ${requirement} wheel with pip (TensorFlow's C library)`);
    const wheel = await downloadWheel(requirement, join(work, 'wheel'), report, env);
    downloaded += folderSize(join(work, 'wheel'));

    report.step('extracting libtensorflow and the C API headers');
    extractWheel(wheel, pkg, env);
    if (variant === 'gpu') downloaded += await addCudaLibraries(wheel, work, pkg, report, env);
    rmSync(join(work, 'wheel'), { recursive: true, force: true });

    const nodeDir = await nodeHeadersDir(work, report, env);
    report.step(`compiling the tfjs-node addon (node-gyp, N-API ${NAPI_VERSION}, headers from ${nodeDir})`);
    await buildAddon(pkg, nodeDir);
    for (const scratch of ['build', 'src', 'scripts', 'python', 'binding']) rmSync(join(pkg, scratch), { recursive: true, force: true });

    report.step('verifying: loading it in a child process, conv2d and matMul against pure JS');
    const check = await runNativeCheck(opts.checkEntry, ['--dir', pkg], env);
    const problem = checkProblem(check);
    if (problem) throw new Error(`the built backend failed its check: ${problem}`);

    const manifest: NativeManifest = {
      tfVersion: check.tfVersion ?? tfVersion,
      variant,
      tfjsNodeVersion: TFJS_NODE_VERSION,
      wheel: wheel.split('/').pop()!,
      builtWithNode: process.versions.node,
      builtAt: new Date().toISOString(),
      sizeBytes: folderSize(pkg),
      check: { maxAbsDiff: check.maxAbsDiff!, seconds: check.seconds ?? 0 },
    };
    writeFileSync(join(pkg, 'install.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const old = join(root, `.old-${process.pid}`);
    if (existsSync(target)) renameSync(target, old);
    renameSync(pkg, target);
    makeCurrent(root, variant, dirName);
    rmSync(old, { recursive: true, force: true });
    report.step(`installed TensorFlow ${manifest.tfVersion} (${variant}) at ${target} (${mb(manifest.sizeBytes)})`);
    return { status: 'installed', install: { dir: target, manifest }, seconds: (Date.now() - started) / 1000, downloadedBytes: downloaded };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
