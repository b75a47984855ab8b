// How runs ended, written to the database by the supervisor. When the write fails (the disk is
// full, the folder became read-only) the ending is kept in memory and retried every few seconds
// and at the next queue change or shutdown, so a run never stays `running` once there is room.
import type Database from 'better-sqlite3';
import { setRunWorker, updateRunStatus } from '../../db';
import type { RunStatus } from '../../../shared/types';

interface Ending {
  status: RunStatus;
  error: string | null;
  finishedAt: string;
}

export class RunEndings {
  private unsaved = new Map<string, Ending>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly retryMs = 2_000,
  ) {}

  /** Records an ending; false when it could not be written yet (it will be retried). */
  record(runId: string, status: RunStatus, error: string | null): boolean {
    this.unsaved.set(runId, { status, error, finishedAt: new Date().toISOString() });
    if (this.flush()) return true;
    this.timer ??= setInterval(() => this.flush(), this.retryMs);
    this.timer.unref?.();
    return false;
  }

  /** Writes what is pending; true when nothing is left. */
  flush(): boolean {
    for (const [runId, end] of this.unsaved) {
      try {
        updateRunStatus(this.db, runId, end.status, { error: end.error, finishedAt: end.finishedAt });
        setRunWorker(this.db, runId, null, null);
        this.unsaved.delete(runId);
      } catch {
        return false;
      }
    }
    this.stop();
    return true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
