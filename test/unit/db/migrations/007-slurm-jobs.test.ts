// Migration 007: runs have an executor; Slurm runs keep their job and ingest offsets, are listed
// for re-attaching while running, and are not start-up recovery's business.
import { describe, expect, it } from 'vitest';
import {
  getSlurmJob,
  listAttachedSlurmJobs,
  listRunningWorkers,
  recordSlurmSubmission,
  setRunExecutor,
  setSlurmOffsets,
  updateRunStatus,
} from '../../../../src-main/db';
import { addRun, useTestDb } from '../fixtures';

const { open } = useTestDb();

describe('migration 007-slurm-jobs', () => {
  it('defaults runs to the local executor and refuses unknown ones', () => {
    const db = open();
    addRun(db, { id: 'a' });
    expect(db.prepare("SELECT executor FROM runs WHERE id = 'a'").get()).toEqual({ executor: 'local' });
    expect(() => db.prepare("UPDATE runs SET executor = 'k8s' WHERE id = 'a'").run()).toThrow(/CHECK/);
  });

  it('keeps offsets across a resubmission into the same folder, restarts them for a new folder', () => {
    const db = open();
    addRun(db, { id: 'a' });
    setRunExecutor(db, 'a', 'slurm');
    recordSlurmSubmission(db, 'a', '11', '/shared/a', '{}');
    setSlurmOffsets(db, 'a', 120, 40);
    recordSlurmSubmission(db, 'a', '12', '/shared/a', '{}');
    expect(getSlurmJob(db, 'a')).toMatchObject({ jobId: '12', metricsOffset: 120, logsOffset: 40, state: 'PENDING' });
    recordSlurmSubmission(db, 'a', '13', '/shared/elsewhere', '{}');
    expect(getSlurmJob(db, 'a')).toMatchObject({ jobId: '13', jobDir: '/shared/elsewhere', metricsOffset: 0, logsOffset: 0 });
  });

  it('lists running Slurm runs for re-attaching and hides them from worker recovery', () => {
    const db = open();
    addRun(db, { id: 'local' });
    addRun(db, { id: 'remote' });
    updateRunStatus(db, 'local', 'running');
    updateRunStatus(db, 'remote', 'running');
    setRunExecutor(db, 'remote', 'slurm');
    recordSlurmSubmission(db, 'remote', '7', '/shared/remote', '{}');
    expect(listRunningWorkers(db).map((w) => w.runId)).toEqual(['local']);
    expect(listAttachedSlurmJobs(db).map((j) => j.runId)).toEqual(['remote']);
  });
});
