// A Slurm run waiting in the queue, with a scripted Slurm (no cluster): the handle says "pending on
// Slurm (<reason>)" as the reason changes and clears it once the job runs; the supervisor's
// message handling turns that into the run's progress event; run details (`runs:get`, `runs show`)
// read it back from SQLite with the job id and array task.
import { describe, expect, it } from 'vitest';
import { getSlurmJob, recordSlurmSubmission, setRunExecutor, setSlurmState } from '../../../../../src-main/db';
import { executorInfo } from '../../../../../src-main/services/run-executor-info';
import { recordMessage, type ActiveRun, type MessageSink } from '../../../../../src-main/training/host/run-messages';
import { SlurmJobHandle } from '../../../../../src-main/training/host/slurm/slurm-job-handle';
import { JobSubmitter } from '../../../../../src-main/training/host/slurm/job-submitter';
import { waitingText } from '../../../../../src-main/training/host/slurm/slurm-states';
import type { SlurmShell } from '../../../../../src-main/training/host/slurm/slurm-shell';
import type { WorkerMessage } from '../../../../../src-main/training/worker/protocol';
import { addRun, useTestDb } from '../../../db/fixtures';

const { open, tempDir } = useTestDb();

describe('a Slurm run waiting in the queue', () => {
  it('names the state and Slurm’s reason', () => {
    expect(waitingText('PENDING', 'Resources')).toBe('pending on Slurm (Resources)');
    expect(waitingText('REQUEUE_HOLD', null)).toBe('requeue hold on Slurm');
    expect(waitingText('RUNNING', null)).toBeNull();
    expect(waitingText('TIMEOUT', 'TimeLimit')).toBeNull();
  });

  it('is shown while the job pends, with each new reason, and cleared once it runs', async () => {
    const db = open();
    addRun(db, { id: 'r' });
    const dir = tempDir();
    recordSlurmSubmission(db, 'r', '5', dir, '{"pollSeconds":0.2}');
    const queue = ['PENDING|Priority', 'PENDING|Resources', 'PENDING|Resources', 'RUNNING|None', ''];
    let calls = 0;
    const shell: SlurmShell = {
      where: 'a script',
      run: async (cmd) => {
        if (cmd === 'squeue') return { code: 0, stdout: queue[Math.min(queue.length - 1, calls++)]!, stderr: '' };
        if (cmd === 'scontrol' && calls >= queue.length) return { code: 0, stdout: 'JobId=5 JobState=TIMEOUT Reason=TimeLimit Restarts=0', stderr: '' };
        return { code: 0, stdout: 'JobId=5 Restarts=0', stderr: '' };
      },
    };
    const h = new SlurmJobHandle(
      { db, shell, runDir: () => tempDir(), defaultSharedDir: dir, workerCommand: 'x', submitter: new JobSubmitter(), settleMs: 100 },
      'r',
      {} as never,
      getSlurmJob(db, 'r'),
    );
    const messages: WorkerMessage[] = [];
    h.onMessage((m) => messages.push(m));
    await new Promise<void>((resolve) => h.onExit(() => resolve()));
    expect(messages.filter((m) => m.type === 'waiting')).toEqual([
      { type: 'waiting', message: 'pending on Slurm (Priority)' },
      { type: 'waiting', message: 'pending on Slurm (Resources)' },
      { type: 'waiting', message: null },
    ]);
  });

  it('becomes the run’s progress event, keeping the steps already done', () => {
    const events: unknown[] = [];
    const sink = { db: open(), emit: (_e: string, p: unknown) => events.push(p) } as unknown as MessageSink;
    const a = { runId: 'r', progress: null } as ActiveRun;
    recordMessage(sink, a, { type: 'waiting', message: 'pending on Slurm (Resources)' });
    expect(events.at(-1)).toMatchObject({ runId: 'r', totalSteps: 0, waiting: 'pending on Slurm (Resources)' });
    recordMessage(sink, a, { type: 'progress', epoch: 1, epochs: 2, step: 5, totalSteps: 10, imagesPerSec: null, etaSeconds: null });
    recordMessage(sink, a, { type: 'waiting', message: 'pending on Slurm (BeginTime)' });
    expect(events.at(-1)).toMatchObject({ step: 5, fraction: 0.5, waiting: 'pending on Slurm (BeginTime)' });
  });

  it('is part of the run details with the executor, job id and array task', () => {
    const db = open();
    addRun(db, { id: 'local' });
    expect(executorInfo(db, 'local', 'running')).toEqual({ executor: 'local', slurm: null });
    addRun(db, { id: 'r' });
    setRunExecutor(db, 'r', 'slurm');
    recordSlurmSubmission(db, 'r', '120_3', tempDir(), '{}');
    setSlurmState(db, 'r', 'PENDING', 'Resources');
    expect(executorInfo(db, 'r', 'running')).toEqual({
      executor: 'slurm',
      slurm: { jobId: '120_3', arrayJobId: '120', arrayTask: 3, state: 'PENDING', reason: 'Resources', waiting: 'pending on Slurm (Resources)' },
    });
    expect(executorInfo(db, 'r', 'interrupted').slurm?.waiting).toBeNull();
  });
});
