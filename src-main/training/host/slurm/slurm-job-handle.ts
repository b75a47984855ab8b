// One run as a Slurm job, seen by the supervisor exactly like a worker process (worker-handle.ts):
// `start` stages the job folder and submits it with sbatch, `cancel` is scancel, messages are the
// job's JSON lines ingested from the shared folder, and the exit comes when Slurm says the job
// ended. Slurm's state decides how a stopped job ends: a stop for a requeue is held back (the job
// runs again and resumes), CANCELLED cancels the run, TIMEOUT and PREEMPTED interrupt it (resume
// continues from its checkpoint), FAILED, NODE_FAIL and OUT_OF_MEMORY fail it with Slurm's reason.
// `detach` (the app closing) stops watching and leaves the job running; the next start re-attaches.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SlurmProfileSchema, type SlurmProfile } from '../../../../shared/schemas/slurm-profile';
import type { RunConfig } from '../../../../shared/schemas/run-config';
import { getSlurmJob, recordSlurmSubmission, setRunExecutor, setSlurmState, type SlurmJobRow } from '../../../db';
import { RUN_SUBDIR } from '../../job-folder';
import type { SupervisorMessage, WorkerMessage } from '../../worker/protocol';
import type { WorkerHandle } from '../worker-handle';
import { collectArtifacts, jobOutputTail } from './job-results';
import { describeLags, JobIngest } from './job-ingest';
import { queryJob, type JobStatus } from './job-query';
import { isEnding, phaseOf, waitingText } from './slurm-states';
import { slurmMessage, slurmShell, type SlurmShell } from './slurm-shell';
import { jobDirOf, stageJob } from './job-staging';
import type { SlurmContext } from './slurm-context';
import type { JobSubmitter } from './job-submitter';

type Start = Extract<SupervisorMessage, { type: 'start' }>;
const ENDING_SETTLE_MS = 3_000;

export class SlurmJobHandle implements WorkerHandle {
  readonly pid = undefined;
  readonly profile: SlurmProfile;
  readonly jobDir: string;
  private readonly shell: SlurmShell;
  private jobId: string | null = null;
  private ingest: JobIngest | null = null;
  private messageListeners: ((m: WorkerMessage) => void)[] = [];
  private exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  private closed = false;
  private cancelling = false;
  private result: 'completed' | 'failed' | null = null;
  private lastState = '';
  /** The waiting text last shown ("pending on Slurm (Priority)"), null while the job runs. */
  private waiting: string | null = null;
  private reportedProblems = 0;
  private submittedAt = 0;
  /** Settles once a started submission is recorded (or failed), so closing never loses a job. */
  private submitting: Promise<void> = Promise.resolve();
  endReason: string | null = null;
  /** An ending state and when it was first seen: Slurm shows one briefly while it requeues a job. */
  private ending: { state: string; since: number } | null = null;

  constructor(
    private readonly ctx: SlurmContext & { submitter: JobSubmitter },
    private readonly runId: string,
    config: RunConfig,
    attach?: SlurmJobRow,
  ) {
    this.profile = SlurmProfileSchema.parse(attach ? JSON.parse(attach.profileJson) : (config.slurm ?? {}));
    this.jobDir = attach?.jobDir ?? jobDirOf(this.profile.sharedDir ?? ctx.defaultSharedDir, runId);
    this.shell = this.profile.loginHost ? slurmShell({ loginHost: this.profile.loginHost, sshConfig: this.profile.sshConfig }) : ctx.shell;
    if (attach?.jobId) {
      this.jobId = attach.jobId;
      this.ingest = new JobIngest(ctx.db, runId, this.jobDir, attach.metricsOffset, attach.logsOffset);
      this.lastState = attach.state ?? '';
      this.submittedAt = Date.now();
      // once the supervisor listens: lines ingested before that would be lost, their offsets stored
      setImmediate(() => {
        if (this.closed) return;
        this.log('info', `re-attached to Slurm job ${this.jobId} (last seen ${attach.state ?? 'unknown'})`);
        this.startPolling();
      });
    }
  }

  /** The worker's run folder (checkpoint/, model/): the job folder's run/, on the shared filesystem. */
  get runFilesDir(): string {
    return join(this.jobDir, RUN_SUBDIR);
  }

  send(m: SupervisorMessage): void {
    // later, as a process's messages come: the supervisor finishes starting the run first
    if (m.type === 'start') this.submitting = new Promise((done) => setImmediate(() => void this.submit(m).finally(done)));
    else if (m.type === 'cancel') void this.cancel();
  }

  onMessage(listener: (m: WorkerMessage) => void): void {
    this.messageListeners.push(listener);
  }

  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListeners.push(listener);
  }

  kill(): void {
    void this.cancel();
  }

  /** Stops watching without touching the job (the app is closing); the job keeps running. */
  detach(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    return this.submitting;
  }

  private deliver(m: WorkerMessage): void {
    for (const l of this.messageListeners) l(m);
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.deliver({ type: 'log', level, message });
  }

  private exit(code: number | null): void {
    if (this.closed) return;
    this.detach();
    for (const l of this.exitListeners) l(code, null);
  }

  private fail(message: string): void {
    if (this.result === null) this.deliver({ type: 'failed', status: 'failed', message });
    this.result = 'failed';
    this.exit(1);
  }

  private async submit(start: Start): Promise<void> {
    const sharedDir = this.profile.sharedDir ?? this.ctx.defaultSharedDir;
    if (this.closed) return; // the app closed first: nothing submitted, the run recovers as interrupted
    try {
      if (!this.profile.sharedDir) mkdirSync(sharedDir, { recursive: true });
      if (!existsSync(sharedDir))
        throw new Error(`the shared folder ${sharedDir} does not exist here; create it on the shared filesystem or fix sharedDir in the Slurm profile`);
      stageJob({ sharedDir, runId: this.runId, config: start.config, dataset: start.dataset, teacherRunDir: start.teacherRunDir });
      const group = start.config.tags.find((t) => t.startsWith('sweep:')) ?? null;
      const jobName = start.config.name ?? this.runId;
      const sub = await this.ctx.submitter.submit({
        group,
        jobDir: this.jobDir,
        sharedDir,
        jobName,
        profile: this.profile,
        workerCommand: this.ctx.workerCommand,
        shell: this.shell,
      });
      if (!sub.ok) return this.fail(`Slurm refused the job: ${sub.error}`);
      this.jobId = sub.jobId;
      this.submittedAt = Date.now();
      recordSlurmSubmission(this.ctx.db, this.runId, this.jobId, this.jobDir, JSON.stringify(this.profile));
      setRunExecutor(this.ctx.db, this.runId, 'slurm');
      if (this.closed) return; // recorded: the next start re-attaches
      const where = this.profile.partition ? `partition ${this.profile.partition}` : 'the default partition';
      const array = sub.arraySize > 1 ? ` (task of a ${sub.arraySize}-run job array)` : '';
      this.log('info', `submitted as Slurm job ${this.jobId}${array} to ${where} from ${this.shell.where} in ${sub.ms} ms; job folder ${this.jobDir}`);
      const row = getSlurmJob(this.ctx.db, this.runId) ?? { metricsOffset: 0, logsOffset: 0 };
      this.ingest = new JobIngest(this.ctx.db, this.runId, this.jobDir, row.metricsOffset, row.logsOffset);
      if (this.cancelling) await this.scancel();
      this.startPolling();
    } catch (e) {
      this.fail(`could not submit the run to Slurm: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
  }

  private async cancel(): Promise<void> {
    if (this.closed || this.cancelling) return;
    this.cancelling = true;
    if (this.jobId) await this.scancel();
  }

  private async scancel(): Promise<void> {
    const r = await this.shell.run('scancel', [this.jobId!]);
    if (r.code !== 0) this.log('warn', `scancel ${this.jobId} failed: ${slurmMessage(r)}`);
  }

  private startPolling(): void {
    this.timer = setInterval(() => void this.tick(), this.profile.pollSeconds * 1000);
    void this.tick();
  }

  private ingestNow(): void {
    this.ingest!.run({
      deliver: (m) => this.deliver(m),
      problem: (text) => {
        if (this.reportedProblems++ < 20) this.log('warn', text);
      },
      onEnd: (line) => {
        if (line.type === 'done' && line.status === 'cancelled') {
          this.log('info', 'the worker stopped with a checkpoint; Slurm decides whether the job runs again');
          return false;
        }
        if (line.type === 'done') {
          const copied = collectArtifacts(this.jobDir, this.ctx.runDir(this.runId), line.artifacts);
          this.deliver({ type: 'log', level: 'info', message: `ingest lag: ${describeLags(this.ingest!.lags)}` });
          this.result = 'completed';
          this.deliver({ type: 'done', status: 'completed', finalMetrics: line.finalMetrics, artifacts: copied });
          return false;
        }
        this.result = 'failed';
        return true;
      },
    });
  }

  private async tick(): Promise<void> {
    if (this.busy || this.closed || !this.ingest) return;
    this.busy = true;
    try {
      this.ingestNow();
      const status = await queryJob(this.shell, this.jobId!);
      if (this.closed) return;
      this.ingestNow();
      this.follow(status);
    } catch (e) {
      this.log('warn', `could not follow Slurm job ${this.jobId}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    } finally {
      this.busy = false;
    }
  }

  private follow(status: JobStatus): void {
    if (!status.known) {
      if (this.result) return this.exit(this.result === 'completed' ? 0 : 1);
      return this.fail(`${status.why}; the job wrote no result`);
    }
    const seen = `${status.state}|${status.reason ?? ''}|${status.restarts}`;
    if (seen !== this.lastState) {
      if (status.state === 'RUNNING' && !this.lastState.startsWith('RUNNING'))
        this.log('info', `Slurm job ${this.jobId} RUNNING after ${Date.now() - this.submittedAt} ms${status.restarts ? ` (restart ${status.restarts})` : ''}`);
      else this.log('info', `Slurm job ${this.jobId} ${status.state}${status.reason ? ` (${status.reason})` : ''}`);
      this.lastState = seen;
      setSlurmState(this.ctx.db, this.runId, status.state, status.reason);
      const waiting = waitingText(status.state, status.reason);
      if (waiting !== this.waiting && (waiting || !isEnding(phaseOf(status.state)))) this.deliver({ type: 'waiting', message: (this.waiting = waiting) });
    }
    const phase = phaseOf(status.state);
    if (!isEnding(phase)) return void (this.ending = null);
    if (this.result) return this.exit(this.result === 'completed' ? 0 : 1);
    // a job stopped for a requeue passes through FAILED or COMPLETED: trust an ending that stays
    if (this.ending?.state !== status.state) this.ending = { state: status.state, since: Date.now() };
    if (Date.now() - this.ending.since < (this.ctx.settleMs ?? ENDING_SETTLE_MS)) return;
    const what = `Slurm job ${this.jobId} ended ${status.state}${status.reason ? ` (${status.reason})` : ''}`;
    if (phase === 'cancelled') {
      if (!this.cancelling) this.log('warn', `${what}: cancelled outside the app`);
      this.deliver({ type: 'done', status: 'cancelled', finalMetrics: {}, artifacts: [] });
      return this.exit(0);
    }
    if (phase === 'interrupted') {
      this.endReason = what;
      return this.exit(null);
    }
    const tail = jobOutputTail(this.jobDir, this.jobId!);
    if (phase === 'completed') return this.fail(`${what} but its worker wrote no result${tail ? `; last output: ${tail}` : ''}`);
    this.fail(`${what}${status.exitCode && status.exitCode !== '0:0' ? `, exit code ${status.exitCode}` : ''}${tail ? `; last output: ${tail}` : ''}`);
  }
}
