// Temporary folders for tests that need real files (SQLite databases, dataset shards).
// `useTempDirs()` registers cleanup with the test runner so a failing test never leaves
// folders behind; each call of the returned function gives a fresh, empty folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Create a fresh empty folder under the OS temp dir. */
export function makeTempDir(prefix = 'distill-studio-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Remove a folder made by `makeTempDir`, tolerating one that is already gone. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Call at the top of a test file (or `describe`): returns a maker of temp folders that are all
 * removed after each test. Close any database opened inside them before the test ends.
 */
export function useTempDirs(prefix?: string): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) removeTempDir(dir);
  });
  return () => {
    const dir = makeTempDir(prefix);
    made.push(dir);
    return dir;
  };
}
