// Where Distill Studio keeps its data: `--data-dir DIR`, else $DISTILL_STUDIO_HOME, else the
// caller's default (Electron's userData, or ~/.distill-studio for the CLI and browser mode).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DataDirSources {
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  fallback?: string;
}

export function dataDirFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir' && i + 1 < argv.length) return argv[i + 1];
    if (a.startsWith('--data-dir=')) return a.slice('--data-dir='.length);
  }
  return undefined;
}

export function resolveDataDir(sources: DataDirSources = {}): string {
  const fromArgv = sources.argv ? dataDirFromArgv(sources.argv) : undefined;
  const fromEnv = sources.env?.DISTILL_STUDIO_HOME;
  const chosen = fromArgv || fromEnv || sources.fallback || join(homedir(), '.distill-studio');
  return resolve(chosen);
}

/** Layout of the data folder (ARCHITECTURE.md "Data"). */
export const dataPaths = (dataDir: string) => ({
  db: join(dataDir, 'studio.db'),
  datasets: join(dataDir, 'datasets'),
  runs: join(dataDir, 'runs'),
  datasetDir: (id: string) => join(dataDir, 'datasets', id),
  runDir: (id: string) => join(dataDir, 'runs', id),
});
