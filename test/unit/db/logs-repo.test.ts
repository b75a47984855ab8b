// logs-repo: appending in one transaction and tailing the last N lines in chronological order.
import { describe, expect, it } from 'vitest';
import { appendRunLogs, listRunLogs } from '../../../src-main/db/logs-repo';
import type { RunLogLine } from '../../../shared/types';
import { addRun, queryPlans, useTestDb } from './fixtures';

const line = (runId: string, i: number, level: RunLogLine['level'] = 'info'): RunLogLine => ({
  runId,
  level,
  message: `line ${i}`,
  time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
});

describe('logs-repo', () => {
  const { open } = useTestDb();

  it('round-trips lines and returns the last `limit` of one run, oldest first', () => {
    const db = open();
    addRun(db, { id: 'a' });
    addRun(db, { id: 'b' });
    const lines = Array.from({ length: 10 }, (_, i) => line(i % 2 ? 'b' : 'a', i, i === 8 ? 'error' : 'info'));
    appendRunLogs(db, lines);
    expect(listRunLogs(db, 'a', 3)).toEqual([lines[4], lines[6], lines[8]]);
    expect(listRunLogs(db, 'b', 100)).toEqual(lines.filter((l) => l.runId === 'b'));
    expect(listRunLogs(db, 'ghost', 10)).toEqual([]);
  });

  it('keeps arrival order across calls even when timestamps tie', () => {
    const db = open();
    addRun(db);
    appendRunLogs(db, [{ ...line('run-1', 0), message: 'first' }]);
    appendRunLogs(db, [{ ...line('run-1', 0), message: 'second' }]);
    expect(listRunLogs(db, 'run-1', 10).map((l) => l.message)).toEqual(['first', 'second']);
  });

  it('writes a batch atomically: one bad line stores none', () => {
    const db = open();
    addRun(db);
    const batch = [line('run-1', 0), line('run-1', 1), { ...line('run-1', 2), level: 'debug' as 'info' }];
    expect(() => appendRunLogs(db, batch)).toThrow(/CHECK constraint failed/);
    expect(() => appendRunLogs(db, [line('run-1', 0), line('ghost', 1)])).toThrow(/FOREIGN KEY/);
    expect(listRunLogs(db, 'run-1', 10)).toEqual([]);
  });

  it('reads through the (run_id, id) index', () => {
    const db = open();
    addRun(db);
    const [q] = queryPlans(db, () => listRunLogs(db, 'run-1', 5));
    expect(q?.plan.join('\n')).toMatch(/SEARCH run_logs USING (COVERING )?INDEX idx_run_logs_run \(run_id=\?\)/);
    expect(q?.plan.join('\n')).not.toMatch(/SCAN run_logs/);
  });
});
