// What Slurm jobs need from the app: the database, how Slurm's commands are reached, the default
// shared folder (jobs/ in the data folder) and the command that starts the CLI on a node.
import type Database from 'better-sqlite3';
import type { SlurmShell } from './slurm-shell';

export interface SlurmContext {
  db: Database.Database;
  shell: SlurmShell;
  runDir(id: string): string;
  /** Used when a profile names no sharedDir: the data folder's jobs/ (nodes must see the same path). */
  defaultSharedDir: string;
  /** `<node> <project>/bin/distill-studio.js`, shell-quoted; a profile's workerCommand replaces it. */
  workerCommand: string;
  /** How long an ending state must last before it ends the run (default 3 s; tests shorten it). */
  settleMs?: number;
}
