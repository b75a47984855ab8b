// Paths of the built app (`electron-vite build` output) that integration tests start as real
// processes, with a clear message when the build is missing.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..');
export const workerEntry = join(projectRoot, 'out', 'main', 'worker.js');
export const cliBin = join(projectRoot, 'bin', 'distill-studio.js');
export const rendererDir = join(projectRoot, 'out', 'renderer');

export function requireBuild(): void {
  if (!existsSync(workerEntry) || !existsSync(join(projectRoot, 'out', 'main', 'cli.js'))) {
    throw new Error('the app is not built: run `npm run build` before the integration tests (npm test does it)');
  }
}
