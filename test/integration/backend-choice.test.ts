// Which backend a worker gets, through `distill-studio doctor` (it runs the worker's loader in a
// child): with no native install, pure JS with the command that fixes it; with
// DISTILL_STUDIO_BACKEND=tensorflow, a clear failure instead of a silent fallback. Runs on any
// machine: the native folder is pointed at an empty temp folder.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-backend-');

function doctor(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [cliBin, 'doctor', '--json'], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, DISTILL_STUDIO_NATIVE_DIR: tempDir(), ...env },
    timeout: 120_000,
  });
  return { code: r.status, report: JSON.parse(r.stdout), stderr: r.stderr };
}

beforeAll(() => requireBuild());

describe('backend choice without a native install', () => {
  it('falls back to pure JS and names the command that installs native TensorFlow', () => {
    const r = doctor({ DISTILL_STUDIO_BACKEND: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.report.worker.worker.name).toBe('cpu');
    expect(r.report.worker.worker.reason).toMatch(/no native TensorFlow built by setup-backend \(run `npm run setup:native`/);
    expect(r.report.problems[0].fix).toMatch(/npm run setup:native/);
  });

  it('DISTILL_STUDIO_BACKEND=tensorflow fails with the reason instead of falling back', () => {
    const r = doctor({ DISTILL_STUDIO_BACKEND: 'tensorflow' });
    expect(r.code).toBe(1);
    expect(r.report.worker).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^DISTILL_STUDIO_BACKEND=tensorflow but no native backend loads: .*setup:native/),
    });
  });
});
