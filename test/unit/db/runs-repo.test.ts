// runs-repo: round-trip of a run record, filters and paging of listRuns, status updates, the
// crash-recovery sweep, the queue order, and that listing reads through an index.
import { describe, expect, it } from 'vitest';
import {
  getRun,
  insertRun,
  listRuns,
  markRunningAsInterrupted,
  nextQueuedRuns,
  renameRun,
  setRunBackend,
  setRunNotes,
  updateRunStatus,
} from '../../../src-main/db/runs-repo';
import { RunConfigSchema } from '../../../shared/schemas/run-config';
import type { RunStatus } from '../../../shared/types';
import { addRun, queryPlans, sampleRun, useTestDb } from './fixtures';

const at = (day: number): string => new Date(Date.UTC(2025, 0, day)).toISOString();

describe('runs-repo', () => {
  const { open } = useTestDb();

  it('inserts a run and reads back the same record', () => {
    const db = open();
    addRun(db, { id: 'teacher', kind: 'teacher' });
    const config = RunConfigSchema.parse({
      datasetId: 'ds-1',
      model: 'resnet8',
      kind: 'distill',
      teacherRunId: 'teacher',
      terms: [{ method: 'kd', weight: 0.9, options: { temperature: 4 } }],
    });
    const inserted = insertRun(
      db,
      sampleRun({
        id: 'student',
        kind: 'distill',
        config,
        teacherRunId: 'teacher',
        notes: 'T=4',
        tags: ['kd', 'ablation'],
      }),
    );
    expect(inserted).toEqual({
      id: 'student',
      name: 'resnet8 baseline',
      kind: 'distill',
      status: 'queued',
      config,
      datasetId: 'ds-1',
      teacherRunId: 'teacher',
      seed: 7,
      backend: null,
      backendReason: null,
      environment: null,
      createdAt: '2025-01-02T00:00:00.000Z',
      startedAt: null,
      finishedAt: null,
      error: null,
      notes: 'T=4',
      tags: ['kd', 'ablation'],
    });
    expect(getRun(db, 'student')).toEqual(inserted);
    expect(getRun(db, 'teacher')).toMatchObject({ notes: null, tags: [] });
    expect(getRun(db, 'ghost')).toBeUndefined();
  });

  it('refuses a run whose dataset does not exist, storing nothing', () => {
    const db = open();
    expect(() => insertRun(db, sampleRun({ datasetId: 'ghost', tags: ['x'] }))).toThrow(/FOREIGN KEY/);
    expect(listRuns(db, {})).toEqual([]);
  });

  it('lists newest first and filters by status, kind, dataset and search', () => {
    const db = open();
    addRun(db, { id: 'r1', name: 'teacher big', kind: 'teacher', status: 'completed', createdAt: at(1) });
    addRun(db, { id: 'r2', name: 'student kd', status: 'running', createdAt: at(3), notes: 'temperature 4' });
    addRun(db, { id: 'r3', name: 'student at', status: 'failed', createdAt: at(2), datasetId: 'ds-2' });
    addRun(db, { id: 'r4', name: '100%_done', status: 'completed', createdAt: at(4) });
    const ids = (f: Parameters<typeof listRuns>[1]): string[] => listRuns(db, f).map((r) => r.id);

    expect(ids({})).toEqual(['r4', 'r2', 'r3', 'r1']);
    expect(ids({ status: ['completed'] })).toEqual(['r4', 'r1']);
    expect(ids({ status: ['running', 'failed'] })).toEqual(['r2', 'r3']);
    expect(ids({ status: [] })).toEqual(['r4', 'r2', 'r3', 'r1']);
    expect(ids({ kind: ['teacher'] })).toEqual(['r1']);
    expect(ids({ datasetId: 'ds-2' })).toEqual(['r3']);
    expect(ids({ status: ['completed'], kind: ['student'] })).toEqual(['r4']);
    expect(ids({ search: 'STUDENT' })).toEqual(['r2', 'r3']);
    expect(ids({ search: 'temperature' })).toEqual(['r2']); // notes
    expect(ids({ search: 'r3' })).toEqual(['r3']); // id
  });

  it('treats % and _ in search text literally', () => {
    const db = open();
    addRun(db, { id: 'a', name: '100%_done', createdAt: at(1) });
    addRun(db, { id: 'b', name: '100 percent done', createdAt: at(2) });
    addRun(db, { id: 'c', name: 'back\\slash', createdAt: at(3) });
    expect(listRuns(db, { search: '%' }).map((r) => r.id)).toEqual(['a']);
    expect(listRuns(db, { search: '0_d' }).map((r) => r.id)).toEqual([]);
    expect(listRuns(db, { search: '%_' }).map((r) => r.id)).toEqual(['a']);
    expect(listRuns(db, { search: 'k\\s' }).map((r) => r.id)).toEqual(['c']);
  });

  it('pages with limit and offset, ties broken by id', () => {
    const db = open();
    for (const id of ['a', 'b', 'c', 'd', 'e']) addRun(db, { id, createdAt: at(1) });
    expect(listRuns(db, { limit: 2 }).map((r) => r.id)).toEqual(['e', 'd']);
    expect(listRuns(db, { limit: 2, offset: 2 }).map((r) => r.id)).toEqual(['c', 'b']);
    expect(listRuns(db, { offset: 4 }).map((r) => r.id)).toEqual(['a']);
  });

  it('updates status and only the fields given', () => {
    const db = open();
    addRun(db);
    updateRunStatus(db, 'run-1', 'running', { startedAt: at(5) });
    expect(getRun(db, 'run-1')).toMatchObject({ status: 'running', startedAt: at(5), finishedAt: null, error: null });
    updateRunStatus(db, 'run-1', 'failed', { error: 'out of memory', finishedAt: at(6) });
    expect(getRun(db, 'run-1')).toMatchObject({ status: 'failed', startedAt: at(5), finishedAt: at(6), error: 'out of memory' });
    updateRunStatus(db, 'run-1', 'queued', { error: null, startedAt: null, finishedAt: null });
    expect(getRun(db, 'run-1')).toMatchObject({ status: 'queued', startedAt: null, finishedAt: null, error: null });
    expect(() => updateRunStatus(db, 'run-1', 'paused' as RunStatus)).toThrow(/CHECK constraint failed/);
  });

  it('sets backend, name and notes', () => {
    const db = open();
    addRun(db);
    setRunBackend(db, 'run-1', 'tensorflow', 'CUDA 12 found, tfjs-node-gpu needs CUDA 11.2: using CPU');
    renameRun(db, 'run-1', 'renamed');
    setRunNotes(db, 'run-1', 'looks good');
    expect(getRun(db, 'run-1')).toMatchObject({
      name: 'renamed',
      notes: 'looks good',
      backend: 'tensorflow',
      backendReason: 'CUDA 12 found, tfjs-node-gpu needs CUDA 11.2: using CPU',
    });
    setRunNotes(db, 'run-1', null);
    expect(getRun(db, 'run-1')?.notes).toBeNull();
  });

  it('marks every running run interrupted with the reason, and only those', () => {
    const db = open();
    const statuses: RunStatus[] = ['queued', 'running', 'completed', 'running', 'failed'];
    statuses.forEach((status, i) => addRun(db, { id: `r${i}`, status, createdAt: at(i + 1) }));
    updateRunStatus(db, 'r4', 'failed', { error: 'nan loss' });

    expect(markRunningAsInterrupted(db, 'app quit while training')).toEqual(['r1', 'r3']);
    const byId = Object.fromEntries(listRuns(db, {}).map((r) => [r.id, r]));
    expect(byId.r1).toMatchObject({ status: 'interrupted', error: 'app quit while training' });
    expect(byId.r3).toMatchObject({ status: 'interrupted', error: 'app quit while training' });
    expect(byId.r0).toMatchObject({ status: 'queued', error: null });
    expect(byId.r2).toMatchObject({ status: 'completed', error: null });
    expect(byId.r4).toMatchObject({ status: 'failed', error: 'nan loss' });
    expect(markRunningAsInterrupted(db, 'again')).toEqual([]);
  });

  it('returns queued runs oldest first', () => {
    const db = open();
    addRun(db, { id: 'late', status: 'queued', createdAt: at(9) });
    addRun(db, { id: 'done', status: 'completed', createdAt: at(1) });
    addRun(db, { id: 'early', status: 'queued', createdAt: at(2), tags: ['first'] });
    const queued = nextQueuedRuns(db);
    expect(queued.map((r) => r.id)).toEqual(['early', 'late']);
    expect(queued[0]?.tags).toEqual(['first']);
  });

  describe('query plans', () => {
    const planOf = (db: ReturnType<typeof open>, action: () => void): string => {
      const plans = queryPlans(db, action);
      expect(plans).toHaveLength(1);
      return plans[0]!.plan.join('\n');
    };

    it('lists all runs by walking the created_at index, without sorting', () => {
      const db = open();
      const plan = planOf(db, () => listRuns(db, { limit: 50 }));
      expect(plan).toMatch(/SCAN r USING (COVERING )?INDEX idx_runs_created/);
      // Only the queued runs are sorted (by the user's queue order, migration 003): a handful of
      // rows, never the whole table.
      expect(plan).toMatch(/SEARCH t USING (COVERING )?INDEX sqlite_autoindex_run_tags_1 \(run_id=\?\)/);
    });

    it('filters one status through the status index, without sorting', () => {
      const db = open();
      const plan = planOf(db, () => listRuns(db, { status: ['completed'] }));
      expect(plan).toMatch(/SEARCH r USING INDEX idx_runs_status_created \(status=\?\)/);
      // Only the queued runs are sorted (by the user's queue order, migration 003): a handful of
      // rows, never the whole table.
    });

    it('finds the queue through the status index', () => {
      const db = open();
      const plan = planOf(db, () => nextQueuedRuns(db));
      expect(plan).toMatch(/SEARCH r USING INDEX idx_runs_status_created \(status=\?\)/);
      // Only the queued runs are sorted (by the user's queue order, migration 003): a handful of
      // rows, never the whole table.
    });
  });
});
