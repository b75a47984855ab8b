// Downloads the TensorFlow wheel with pip (which picks the build for this platform and honours
// the user's pip index, proxy and cache). pip prints no byte counts when not on a terminal, so
// its download folder (TMPDIR, pointed inside our work folder) is polled for the bytes so far.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { folderSize } from './install-layout';
import type { SetupReporter } from './setup-progress';

const UNITS: Record<string, number> = { kB: 1e3, MB: 1e6, GB: 1e9 };

/** `pip download --no-deps --only-binary=:all: <requirement>` into `dest`; returns the wheel's path. */
export function downloadWheel(requirement: string, dest: string, report: SetupReporter, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const python = env.PYTHON || 'python3';
  const tmp = join(dest, 'pip-tmp');
  mkdirSync(tmp, { recursive: true });
  const args = ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--progress-bar', 'off', '-d', dest, requirement];
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env: { ...env, TMPDIR: tmp, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
    let total: number | null = null;
    let output = '';
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /Downloading \S+ \(([\d.]+) (kB|MB|GB)\)/.exec(output);
      if (m && total === null) total = Number(m[1]) * UNITS[m[2]!]!;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let shown = 0; // pip moves the finished file out of TMPDIR: never report going backwards
    const timer = setInterval(() => {
      try {
        const size = folderSize(tmp);
        // pip keeps more than the download in TMPDIR at times: never show more than the wheel's size
        if (size > shown) report.bytes(requirement, (shown = total ? Math.min(size, total - 1) : size), total);
      } catch {
        // pip renamed or removed a file while we counted: next tick
      }
    }, 1000);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(new Error(`could not run ${python} -m pip: ${e.message}`));
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const wheel = readdirSync(dest).find((f) => f.endsWith('.whl'));
      if (code !== 0 || !wheel) {
        const tail = output.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`pip could not download ${requirement} (exit ${code}): ${tail}`));
        return;
      }
      const path = join(dest, wheel);
      const size = folderSize(dest) - (existsSync(tmp) ? folderSize(tmp) : 0);
      report.bytes(requirement, size, size);
      resolve(path);
    });
  });
}
