// setup-backend's promises that need no download: it refuses with the install command when
// build tools are missing, answers "already installed" at once, and a failed build leaves the
// previous install current with no scratch folder behind. Doctor names a missing GPU driver.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProblems } from '../../../src-main/backends/native-setup/doctor-report';
import { BINDING_PATH, activeInstall, type NativeManifest } from '../../../src-main/backends/native-setup/install-layout';
import { checkPrerequisites, prerequisiteRefusal } from '../../../src-main/backends/native-setup/prerequisites';
import { SetupRefused, setupBackend } from '../../../src-main/backends/native-setup/setup-backend';
import { silentReporter } from '../../../src-main/backends/native-setup/setup-progress';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

/** An install folder as setup-backend leaves it (manifest + addon file), without the 600 MB. */
function fakeInstall(root: string, tfVersion: string): string {
  const dir = join(root, `${tfVersion}-cpu`);
  mkdirSync(join(dir, BINDING_PATH, '..'), { recursive: true });
  writeFileSync(join(dir, BINDING_PATH), 'addon');
  const manifest: Partial<NativeManifest> = { tfVersion, variant: 'cpu', sizeBytes: 5, builtAt: '2026-01-01T00:00:00Z' };
  writeFileSync(join(dir, 'install.json'), JSON.stringify(manifest));
  writeFileSync(join(root, 'current-cpu.json'), JSON.stringify({ dir: `${tfVersion}-cpu` }));
  return dir;
}

describe('setup-backend', () => {
  it('refuses without build tools, naming the command that installs them, before touching anything', async () => {
    const root = join(tempDir(), 'native');
    const env = { PATH: tempDir(), PYTHON: 'no-such-python', DISTILL_STUDIO_NATIVE_DIR: root };
    const found = checkPrerequisites(env);
    expect(found.filter((p) => !p.ok).map((p) => p.name)).toEqual(['python3', 'pip', 'C++ compiler', 'make']);
    expect(prerequisiteRefusal(found)).toMatch(/Install them with: apt-get install -y python3 python3-pip g\+\+ make/);
    const run = setupBackend({ checkEntry: 'unused', report: silentReporter, env });
    await expect(run).rejects.toBeInstanceOf(SetupRefused);
    expect(existsSync(root)).toBe(false);
  });

  it('answers "already installed" without rebuilding', async () => {
    const root = tempDir();
    const dir = fakeInstall(root, '2.16.2');
    const started = Date.now();
    const result = await setupBackend({ checkEntry: 'unused', report: silentReporter, env: { DISTILL_STUDIO_NATIVE_DIR: root } });
    expect(result.status).toBe('already-installed');
    expect(result.install.dir).toBe(dir);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('leaves the previous install current and no scratch folder when a step fails', async () => {
    const root = tempDir();
    const previous = fakeInstall(root, '2.16.2');
    const env = { ...process.env, DISTILL_STUDIO_NATIVE_DIR: root, npm_config_registry: 'http://127.0.0.1:9/' };
    const run = setupBackend({ tfVersion: '2.15.1', checkEntry: 'unused', report: silentReporter, env });
    await expect(run).rejects.toThrow();
    expect(activeInstall('cpu', env)?.dir).toBe(previous);
    expect(readdirSync(root).sort()).toEqual(['2.16.2-cpu', 'current-cpu.json']);
  });
});

describe('doctor', () => {
  const base = {
    worker: { ok: true, worker: { name: 'tensorflow', package: 'p', gpu: false, reason: 'r' } },
    nativeRoot: '/n',
    buildTools: [],
  };
  const install = { dir: '/n/2.16.2-gpu', manifest: { tfVersion: '2.16.2', variant: 'gpu' } as NativeManifest };

  it('names a missing NVIDIA driver when a GPU build is installed', () => {
    const problems = listProblems({
      ...base,
      installs: { cpu: null, gpu: install },
      gpu: { libcuda: null, nvidiaSmi: null, cudaLibs: [{ name: 'libcudnn.so.8', found: false }] },
    });
    expect(problems.map((p) => p.problem)).toEqual(['no NVIDIA driver (libcuda.so.1 not found)', 'CUDA libraries missing from the GPU install: libcudnn.so.8']);
  });

  it('tells how to get the native backend when none is installed', () => {
    const problems = listProblems({
      ...base,
      worker: { ok: true, worker: { name: 'cpu', package: '@tensorflow/tfjs', gpu: false, reason: 'r' } },
      installs: { cpu: null, gpu: null },
      gpu: { libcuda: null, nvidiaSmi: null, cudaLibs: [] },
    });
    expect(problems).toEqual([{ problem: expect.stringMatching(/no native TensorFlow/), fix: expect.stringMatching(/npm run setup:native/) }]);
  });
});
