// Migration 006: a running run records its worker process; recovery reads it back and clears it.
import { describe, expect, it } from 'vitest';
import { getRun, listRunningWorkers, markRunInterrupted, setRunWorker, updateRunStatus } from '../../../../src-main/db';
import { addRun, useTestDb } from '../fixtures';

const { open } = useTestDb();

describe('migration 006-run-worker-process', () => {
  it('adds worker_pid and worker_start; only running runs are listed; interrupting clears them', () => {
    const db = open();
    const cols = (db.pragma('table_info(runs)') as { name: string }[]).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['worker_pid', 'worker_start']));
    addRun(db, { id: 'a' });
    addRun(db, { id: 'b' });
    updateRunStatus(db, 'a', 'running');
    updateRunStatus(db, 'b', 'completed');
    setRunWorker(db, 'a', 4242, '12345');
    setRunWorker(db, 'b', 99, null);
    expect(listRunningWorkers(db)).toEqual([{ runId: 'a', pid: 4242, start: '12345' }]);
    expect(markRunInterrupted(db, 'a', 'gone')).toBe(true);
    expect(markRunInterrupted(db, 'b', 'gone')).toBe(false); // not running: untouched
    expect(getRun(db, 'a')).toMatchObject({ status: 'interrupted', error: 'gone' });
    expect(getRun(db, 'b')!.status).toBe('completed');
    expect(listRunningWorkers(db)).toEqual([]);
    expect(db.prepare("SELECT worker_pid FROM runs WHERE id = 'a'").get()).toEqual({ worker_pid: null });
  });
});
