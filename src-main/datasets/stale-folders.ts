// Leftovers of imports and deletions that a crash interrupted: `.tmp-<random>-<pid>` (an import
// being written) and `.trash-<id>-<pid>` (a dataset being deleted). Removed at start-up, but only
// when the process that made them is gone, so a CLI import running next to the app is left alone.
// Run bundle imports stage into runs/.import-<random>-<pid> and are cleaned the same way.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pidExists } from '../process-identity';
import { TEMP_PREFIX } from './shard-writer';

export const TRASH_PREFIX = '.trash-';

/** Removes stale temp and trash folders (or those with `prefixes`) under `datasetsDir`; returns their names. */
export function removeStaleFolders(datasetsDir: string, prefixes: readonly string[] = [TEMP_PREFIX, TRASH_PREFIX]): string[] {
  let names: string[];
  try {
    names = readdirSync(datasetsDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!prefixes.some((p) => name.startsWith(p))) continue;
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || pidExists(pid))) continue;
    rmSync(join(datasetsDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
