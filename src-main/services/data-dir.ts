// Where Distill Studio keeps its data: `--data-dir DIR`, else $DISTILL_STUDIO_HOME, else the
// caller's default (Electron's userData, or ~/.distill-studio for the CLI and browser mode).
// Every run and dataset folder is derived from an id through `childPath`, which refuses an id
// that is not one plain name and any result outside its parent: ids also arrive from shared
// run bundles and old database rows, and a folder path built from them is later deleted.
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { StudioFailure } from '../../shared/result';

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

/** One folder name made of letters, digits, '.', '_' and '-', not starting with a dot (so never '.' or '..'). */
export const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Run ids as runs-service.ts makes them (crypto.randomUUID). */
export const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `root/<id>` for an id that is a plain safe name; a StudioFailure naming `what` otherwise. */
export function childPath(root: string, id: string, what = 'item'): string {
  const shown = JSON.stringify(String(id).slice(0, 80));
  if (typeof id !== 'string' || !SAFE_ID.test(id)) throw new StudioFailure('invalid_input', `${what} id ${shown} is not a valid id (it cannot name a folder)`);
  const path = join(root, id);
  const rel = relative(resolve(root), resolve(path));
  if (rel !== id) throw new StudioFailure('invalid_input', `${what} id ${shown} points outside ${root}`);
  return path;
}

/** Layout of the data folder (docs/architecture.md, README "Where data lives"). */
export const dataPaths = (dataDir: string) => ({
  db: join(dataDir, 'studio.db'),
  datasets: join(dataDir, 'datasets'),
  runs: join(dataDir, 'runs'),
  datasetDir: (id: string) => childPath(join(dataDir, 'datasets'), id, 'dataset'),
  runDir: (id: string) => childPath(join(dataDir, 'runs'), id, 'run'),
});
