// The real browser-mode server for end-to-end tests: `distill-studio serve --port 0` on a fresh
// data folder, in its own process group so it (and its training workers) stop together.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The built app to serve: this checkout, or a copy of a build (DISTILL_E2E_APP_ROOT) when other
 *  builds may replace out/ while the suite runs. */
export const APP_ROOT = process.env.DISTILL_E2E_APP_ROOT || ROOT;

export interface Server {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
  output: () => string;
}

export function startServer(dataDir: string): Promise<Server> {
  const cli = join(APP_ROOT, 'bin', 'distill-studio.js');
  for (const built of ['out/main/cli.js', 'out/renderer/index.html']) {
    if (!existsSync(join(APP_ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: APP_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 90 s:\n${log}`)), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it was ready:\n${log}`));
    });
    child.stdout.on('data', () => {
      const m = /Distill Studio running at (http:\/\/\S+)/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      const url = new URL(m[1]!);
      resolve({ child, url: m[1]!, origin: url.origin, token: url.searchParams.get('token') ?? '', output: () => log.slice(-4000) });
    });
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM'); // lets running workers checkpoint
  const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
