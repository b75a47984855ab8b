// The host tools setup-backend needs (pip to fetch the TensorFlow wheel, a C++ compiler and make
// to build the addon), checked before any download so a missing one costs nothing.
import { spawnSync } from 'node:child_process';

export interface Prerequisite {
  name: string;
  ok: boolean;
  detail: string;
}

/** First output line of a command found on `env.PATH`, or null when it is missing or fails. */
function runs(cmd: string, args: string[], env: NodeJS.ProcessEnv): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000, env });
  if (r.error || r.status !== 0) return null;
  return `${r.stdout}${r.stderr}`.split('\n')[0]!.trim();
}

export const INSTALL_TOOLS_COMMAND = 'apt-get install -y python3 python3-pip g++ make';

export function checkPrerequisites(env: NodeJS.ProcessEnv = process.env): Prerequisite[] {
  const python = env.PYTHON || 'python3';
  const cxx = env.CXX || 'g++';
  const py = runs(python, ['--version'], env);
  const pip = py ? runs(python, ['-m', 'pip', '--version'], env) : null;
  const compiler = runs(cxx, ['--version'], env) ?? (env.CXX ? null : runs('c++', ['--version'], env));
  const make = runs('make', ['--version'], env);
  return [
    { name: 'python3', ok: py !== null, detail: py ?? `${python} not found (pip and node-gyp need it)` },
    { name: 'pip', ok: pip !== null, detail: pip ?? `${python} -m pip does not run (it downloads the TensorFlow wheel)` },
    { name: 'C++ compiler', ok: compiler !== null, detail: compiler ?? `${cxx} not found (it compiles the tfjs-node addon)` },
    { name: 'make', ok: make !== null, detail: make ?? 'make not found (node-gyp drives the build with it)' },
  ];
}

/** One sentence naming what is missing and the command that installs it, or null when all is there. */
export function prerequisiteRefusal(found: Prerequisite[]): string | null {
  const missing = found.filter((p) => !p.ok);
  if (missing.length === 0) return null;
  return `cannot build the native backend: ${missing.map((p) => p.detail).join('; ')}. Install them with: ${INSTALL_TOOLS_COMMAND} (Debian/Ubuntu; use your distribution's packages elsewhere)`;
}
