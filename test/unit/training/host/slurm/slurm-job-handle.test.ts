// How a followed Slurm job ends a run, with a scripted Slurm (no cluster): TIMEOUT and PREEMPTED
// stop the run for a resume with Slurm's state as the reason, OUT_OF_MEMORY fails it with the
// job's last output, CANCELLED cancels it, and a job Slurm no longer knows fails it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSlurmJob, recordSlurmSubmission } from '../../../../../src-main/db';
import { SlurmJobHandle } from '../../../../../src-main/training/host/slurm/slurm-job-handle';
import { JobSubmitter } from '../../../../../src-main/training/host/slurm/job-submitter';
import type { SlurmResult, SlurmShell } from '../../../../../src-main/training/host/slurm/slurm-shell';
import type { WorkerMessage } from '../../../../../src-main/training/worker/protocol';
import { addRun, useTestDb } from '../../../db/fixtures';

const { open, tempDir } = useTestDb();

function scripted(scontrol: string | null): SlurmShell {
  const ok = (stdout: string): SlurmResult => ({ code: 0, stdout, stderr: '' });
  return {
    where: 'a script',
    run: async (cmd) => {
      if (cmd === 'squeue') return ok('');
      if (cmd === 'scontrol') return scontrol ? ok(scontrol) : { code: 1, stdout: '', stderr: 'slurm_load_jobs error: Invalid job id specified' };
      if (cmd === 'sacct') return { code: 1, stdout: '', stderr: 'Slurm accounting storage is disabled' };
      return ok('');
    },
  };
}

async function follow(scontrol: string | null, output = '', metricsLines = '') {
  const db = open();
  addRun(db, { id: 'r' });
  const dir = tempDir();
  if (output) writeFileSync(join(dir, 'slurm-5.out'), output);
  if (metricsLines) writeFileSync(join(dir, 'metrics.jsonl'), metricsLines);
  recordSlurmSubmission(db, 'r', '5', dir, '{"pollSeconds":0.2}');
  const ctx = {
    db,
    shell: scripted(scontrol),
    runDir: () => tempDir(),
    defaultSharedDir: dir,
    workerCommand: 'node cli.js',
    submitter: new JobSubmitter(),
    settleMs: 300,
  };
  const messages: WorkerMessage[] = [];
  const h = new SlurmJobHandle(ctx, 'r', {} as never, getSlurmJob(db, 'r'));
  h.onMessage((m) => messages.push(m));
  const code = await new Promise<number | null>((resolve) => h.onExit((c) => resolve(c)));
  return { code, messages, endReason: h.endReason, row: getSlurmJob(db, 'r') };
}

describe('SlurmJobHandle endings', () => {
  it('stops a timed-out job for a resume, with Slurm’s state as the reason', async () => {
    const r = await follow('JobId=5 JobState=TIMEOUT Reason=TimeLimit Restarts=0 ExitCode=0:15');
    expect(r.code).toBeNull();
    expect(r.endReason).toBe('Slurm job 5 ended TIMEOUT (TimeLimit)');
    expect(r.row).toMatchObject({ state: 'TIMEOUT', reason: 'TimeLimit' });
  });

  it('treats a preemption without requeue the same way', async () => {
    expect((await follow('JobId=5 JobState=PREEMPTED Reason=None Restarts=0')).endReason).toBe('Slurm job 5 ended PREEMPTED');
  });

  it('fails an out-of-memory job with the job’s last output', async () => {
    const r = await follow('JobId=5 JobState=OUT_OF_MEMORY Reason=OutOfMemory Restarts=0 ExitCode=0:125', 'slurmstepd: error: Detected 1 oom_kill event\n');
    expect(r.messages.at(-1)).toMatchObject({
      type: 'failed',
      message: expect.stringMatching(
        /^Slurm job 5 ended OUT_OF_MEMORY \(OutOfMemory\), exit code 0:125; last output: slurmstepd: error: Detected 1 oom_kill event/,
      ),
    });
  });

  it('cancels the run when the job was cancelled, and says it happened outside the app', async () => {
    const r = await follow('JobId=5 JobState=CANCELLED Reason=None Restarts=0');
    expect(r.messages.at(-1)).toMatchObject({ type: 'done', status: 'cancelled' });
    expect(r.messages.some((m) => m.type === 'log' && /cancelled outside the app/.test(m.message))).toBe(true);
  });

  it('fails a run whose job Slurm no longer knows and which wrote no result', async () => {
    const r = await follow(null);
    expect(r.messages.at(-1)).toMatchObject({
      type: 'failed',
      message: expect.stringMatching(/no longer know job 5 .*accounting storage is disabled.*wrote no result/),
    });
  });

  it('hands lines already in the folder at re-attach to the listener registered after it', async () => {
    const line = `${JSON.stringify({ type: 'metrics', points: [{ key: 'train/loss', step: 1, epoch: 1, value: 2 }], at: 1 })}\n`;
    const r = await follow('JobId=5 JobState=TIMEOUT Reason=TimeLimit Restarts=0', '', line);
    expect(r.messages.filter((m) => m.type === 'metrics')).toHaveLength(1);
    expect(r.row!.metricsOffset).toBe(line.length);
  });

  it('does not end the run on an ending state Slurm shows only while it requeues the job', async () => {
    const db = open();
    addRun(db, { id: 'r' });
    const dir = tempDir();
    recordSlurmSubmission(db, 'r', '5', dir, '{"pollSeconds":0.2}');
    const states = ['FAILED', 'PENDING', 'PENDING', 'TIMEOUT'];
    let calls = 0;
    const shell: SlurmShell = {
      where: 'a script',
      run: async (cmd) => {
        if (cmd !== 'scontrol') return { code: 0, stdout: '', stderr: '' };
        const state = states[Math.min(states.length - 1, Math.floor(calls++ / 2))];
        return { code: 0, stdout: `JobId=5 JobState=${state} Reason=None Restarts=1`, stderr: '' };
      },
    };
    const h = new SlurmJobHandle(
      { db, shell, runDir: () => tempDir(), defaultSharedDir: dir, workerCommand: 'x', submitter: new JobSubmitter(), settleMs: 300 },
      'r',
      {} as never,
      getSlurmJob(db, 'r'),
    );
    const messages: WorkerMessage[] = [];
    h.onMessage((m) => messages.push(m));
    await new Promise<void>((resolve) => h.onExit(() => resolve()));
    expect(h.endReason).toBe('Slurm job 5 ended TIMEOUT');
    expect(messages.some((m) => m.type === 'failed')).toBe(false);
  });
});
