// Runs the queue: starts one worker process per run (up to `concurrency` at once), turns worker
// messages into database writes and events, and makes sure every run ends in a recorded status —
// even when its worker crashes, is killed, or the app shuts down. A write that fails because of
// the machine (disk full, read-only folder, I/O error) fails that run with a readable reason and
// stops its worker; it never escapes into the process that hosts the supervisor.
// Runs whose config says `executor: slurm` go to the remote executor (training/slurm/) instead:
// their handles look like workers, do not count against `concurrency` (the cluster queues them),
// are detached rather than stopped when the app closes, and are re-attached at the next start.
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appendRunLogs, getDataset, getDatasetPath, getRun, nextQueuedRuns, setRunWorker, updateRunStatus } from '../../db';
import { processStartTime } from '../../process-identity';
import { resourceKind } from '../../services/resource-errors';
import { hasCheckpoint } from './checkpoint-probe';
import { workerExitReason } from './crash-reason';
import { startBackendProbe } from './backend-probe';
import { RunEndings } from './run-endings';
import { dropRepeatedMetrics, workerFailureReason, writeFailureReason } from './run-records';
import type { EventChannel, EventPayloads } from '../../../shared/contract';
import type { RunLogLine, RunProgress, RunStatus } from '../../../shared/types';
import type { BackendInfo, WorkerMessage } from '../worker/protocol';
import type { WorkerHandle, WorkerSpawner } from './worker-handle';
import { workerEnv } from './worker-env';
import { recordMessage, type ActiveRun, type MessageSink } from './run-messages';
import type { RemoteExecutor } from './slurm/slurm-executor';

export interface SupervisorDeps {
  db: Database.Database;
  /** The data folder, named in resource-error reasons ("free space in …"). */
  dataDir: string;
  runDir(id: string): string;
  spawn: WorkerSpawner;
  workerEntry: string;
  concurrency: number;
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void;
  onBackend(info: BackendInfo): void;
  /** Recorded with each run's environment. */
  appVersion: string;
  /** How long a cancelled worker may take to stop before it is killed (ms). */
  cancelGraceMs?: number;
  /** The `slurm` executor; without it Slurm runs fail with a reason. */
  slurm?: RemoteExecutor;
}

const now = () => new Date().toISOString();
const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

export class Supervisor {
  private active = new Map<string, ActiveRun>();
  private shuttingDown = false;
  private exitWaiters = new Map<string, () => void>();
  private readonly endings: RunEndings;
  private readonly sink: MessageSink;

  constructor(private readonly deps: SupervisorDeps) {
    this.endings = new RunEndings(deps.db);
    const stopping = () => this.shuttingDown;
    this.sink = {
      ...{ db: deps.db, appVersion: deps.appVersion, emit: (e, p) => deps.emit(e, p), onBackend: (info) => deps.onBackend(info) },
      get shuttingDown() { return stopping(); }, // prettier-ignore
      recordWorker: (a) => this.recordWorker(a),
      log: (a, level, message) => this.log(a, level, message),
      finish: (a, status, error) => this.finish(a, status, error),
      failureReason: (runId, message) => workerFailureReason(this.deps, runId, message),
    };
  }

  get runningCount(): number {
    return this.active.size;
  }

  private get localCount(): number {
    return [...this.active.values()].filter((a) => !a.remote).length;
  }

  progressOf(runId: string): RunProgress | null {
    return this.active.get(runId)?.progress ?? null;
  }

  /** Starts queued runs while there is room. Called after enqueueing and after every exit. */
  pump(): void {
    this.endings.flush();
    if (this.shuttingDown) return;
    try {
      for (const run of nextQueuedRuns(this.deps.db)) {
        const remote = run.config.executor === 'slurm';
        if (this.deps.concurrency === 0 || (!remote && this.localCount >= this.deps.concurrency)) continue;
        if (this.active.has(run.id) || !this.teacherReady(run.id, run.teacherRunId)) continue;
        this.startRun(run.id);
      }
    } catch (e) {
      // The queue cannot be recorded (disk full…): leave the runs queued for the next start.
      console.error(`Distill Studio: could not start queued runs (${firstLine(e)}); they stay queued`);
    }
  }

  cancel(runId: string): boolean {
    const a = this.active.get(runId);
    if (!a) return false;
    a.cancelRequested = true;
    a.handle.send({ type: 'cancel' });
    setTimeout(() => a.handle.kill(), this.deps.cancelGraceMs ?? 10_000).unref();
    return true;
  }

  /** Asks every worker to checkpoint and stop; after `graceMs` the rest are killed. */
  async shutdown(graceMs: number): Promise<void> {
    this.shuttingDown = true;
    const detached = [...this.active.values()].filter((a) => a.handle.detach);
    // a Slurm job keeps running (the next start re-attaches); a submission in flight is recorded first
    const recorded = detached.map((a) => (this.active.delete(a.runId), a.handle.detach!()));
    const pending = [...recorded, ...[...this.active.values()].map((a) => new Promise<void>((resolve) => this.exitWaiters.set(a.runId, resolve)))];
    for (const a of this.active.values()) a.handle.send({ type: 'cancel' });
    const timer = new Promise<void>((r) => setTimeout(r, graceMs).unref());
    await Promise.race([Promise.all(pending), timer]);
    for (const a of this.active.values()) {
      this.finish(a, 'interrupted', 'the app was closed while this run was training');
      a.handle.kill();
    }
    this.endings.flush(); // last chance before the database closes; unsaved runs recover as interrupted
    this.endings.stop();
  }

  /** Watches the Slurm jobs of runs still recorded as running (after a restart of the app). */
  reattach(): void {
    if (!this.deps.slurm || this.shuttingDown) return;
    try {
      for (const { runId, handle } of this.deps.slurm.reattach()) {
        if (!this.active.has(runId)) this.watch(runId, handle, true);
      }
    } catch (e) {
      console.error(`Distill Studio: could not re-attach to Slurm jobs (${firstLine(e)}); they are retried at the next start`);
    }
  }

  private watch(runId: string, handle: WorkerHandle, remote: boolean): ActiveRun {
    const a: ActiveRun = {
      runId,
      handle,
      ended: false,
      cancelRequested: false,
      progress: null,
      outputTail: '',
      lastError: null,
      workerRecorded: false,
      remote,
    };
    this.active.set(runId, a);
    handle.onOutput?.((_stream, text) => {
      a.outputTail = (a.outputTail + text).slice(-2000);
    });
    handle.onMessage((m) => this.onMessage(a, m));
    handle.onExit((code, signal) => this.onExit(a, code, signal));
    return a;
  }

  /** Spawns a short-lived worker that only reports which backend it can load. */
  probeBackend(): void {
    startBackendProbe(this.deps.spawn, this.deps.workerEntry, workerEnv(), (info) => this.deps.onBackend(info));
  }

  /**
   * A distill run may be queued behind its teacher (a whole pipeline at once): it waits while the
   * teacher is queued or running, and fails with a reason if the teacher did not complete.
   */
  private teacherReady(runId: string, teacherRunId: string | null): boolean {
    if (!teacherRunId) return true;
    const teacher = getRun(this.deps.db, teacherRunId);
    if (teacher?.status === 'completed') return true;
    if (teacher && (teacher.status === 'queued' || teacher.status === 'running')) return false;
    const why = teacher ? `teacher run '${teacher.name}' ended ${teacher.status}` : `teacher run ${teacherRunId} no longer exists`;
    updateRunStatus(this.deps.db, runId, 'failed', { error: `${why}; nothing to distil from`, finishedAt: now() });
    this.emitStatus(runId);
    return false;
  }

  private startRun(runId: string): void {
    const { db } = this.deps;
    const run = getRun(db, runId)!;
    const dataset = getDataset(db, run.datasetId);
    const datasetDir = getDatasetPath(db, run.datasetId);
    const refuse = (error: string) => (updateRunStatus(db, runId, 'failed', { error, finishedAt: now() }), this.emitStatus(runId));
    if (!dataset || !datasetDir || !existsSync(join(datasetDir, 'meta.json'))) {
      const why = dataset ? `dataset '${dataset.name}' was deleted from the library` : `dataset ${run.datasetId} no longer exists`;
      return refuse(`${why}; re-import it to train or resume this run`);
    }
    const remote = run.config.executor === 'slurm';
    if (remote && !this.deps.slurm) return refuse('this run asks for the slurm executor, which this app was started without');
    let handle: WorkerHandle;
    try {
      handle = remote
        ? this.deps.slurm!.handle(runId, run.config)
        : this.deps.spawn(this.deps.workerEntry, { env: workerEnv(run.config.threads), serviceName: `Distill Studio run ${run.name}` });
    } catch (e) {
      return refuse(`could not start the run: ${firstLine(e)}`);
    }
    const a = this.watch(runId, handle, remote);
    try {
      dropRepeatedMetrics(db, runId, handle.runFilesDir ?? this.deps.runDir(runId));
      updateRunStatus(db, runId, 'running', { startedAt: now(), error: null });
      this.recordWorker(a);
    } catch (e) {
      this.failOnError(a, e, 'starting');
      return;
    }
    this.emitStatus(runId);
    handle.send({
      type: 'start',
      runId,
      config: run.config,
      dataset: { id: dataset.id, dir: datasetDir, fingerprint: dataset.fingerprint },
      runDir: this.deps.runDir(runId),
      // A run that trained before (interrupted, cancelled, resumed by the user) continues from
      // its last checkpoint; a new run has none and starts from scratch.
      resume: true,
      teacherRunDir: run.teacherRunId ? this.deps.runDir(run.teacherRunId) : undefined,
      teacherModelPath: run.config.teacherModelPath,
    });
  }

  /** The worker's PID, so that start-up recovery can tell whether it is still alive (recovery.ts). */
  private recordWorker(a: ActiveRun): void {
    const pid = a.handle.pid;
    if (a.workerRecorded || !pid) return;
    setRunWorker(this.deps.db, a.runId, pid, processStartTime(pid));
    a.workerRecorded = true;
  }

  private log(a: ActiveRun, level: RunLogLine['level'], message: string): void {
    const line: RunLogLine = { runId: a.runId, level, message, time: now() };
    this.deps.emit('run:log', line);
    appendRunLogs(this.deps.db, [line]);
  }

  private onMessage(a: ActiveRun, m: WorkerMessage): void {
    if (a.ended) return;
    try {
      recordMessage(this.sink, a, m);
    } catch (e) {
      this.failOnError(a, e, m.type === 'metrics' ? 'saving metrics' : m.type === 'done' ? 'saving the result' : 'saving the progress');
    }
  }

  /** A write for this run failed: fail the run with a reason, stop its worker, keep the host up. */
  private failOnError(a: ActiveRun, e: unknown, doing: string): void {
    const reason = writeFailureReason(this.deps, a.runId, e, doing);
    console.error(`Distill Studio: ${reason}${e instanceof Error && e.stack && !resourceKind(e) ? `\n${e.stack}` : ''}`);
    this.finish(a, 'failed', reason);
    a.handle.kill();
  }

  private onExit(a: ActiveRun, code: number | null, signal: string | null): void {
    if (!a.ended) {
      if (a.cancelRequested) this.finish(a, 'cancelled', null);
      else if (this.shuttingDown) this.finish(a, 'interrupted', 'the app was closed while this run was training');
      else {
        // A crash (killed by the OOM killer, a native abort) with a checkpoint on disk loses only the
        // steps since that checkpoint: the run is `interrupted`, and resuming continues from there.
        const why = a.handle.endReason ?? workerExitReason(code, signal, a.lastError, a.outputTail);
        if (hasCheckpoint(a.handle.runFilesDir ?? this.deps.runDir(a.runId)))
          this.finish(a, 'interrupted', `${why}; resume continues from the last checkpoint`);
        else this.finish(a, 'failed', why);
      }
    }
    this.active.delete(a.runId);
    this.exitWaiters.get(a.runId)?.();
    this.exitWaiters.delete(a.runId);
    this.pump();
  }

  /** Records how a run ended. Never throws: on a full disk the event still tells every client. */
  private finish(a: ActiveRun, status: RunStatus, error: string | null): void {
    if (a.ended) return;
    a.ended = true;
    if (!this.endings.record(a.runId, status, error)) {
      console.error(`Distill Studio: could not record that run ${a.runId} ${status} yet; retrying until there is room`);
    }
    if (error) {
      try {
        this.log(a, status === 'interrupted' ? 'warn' : 'error', error);
      } catch {
        // the log line is a copy of the reason; the reason itself is in `unsaved` or stored
      }
    }
    this.emitStatus(a.runId, { status, error });
  }

  private emitStatus(runId: string, actual?: { status: RunStatus; error: string | null }): void {
    const stored = getRun(this.deps.db, runId);
    const run = stored && actual ? { ...stored, ...actual } : stored;
    if (run) this.deps.emit('run:status', { runId, status: run.status, error: run.error, run });
  }
}
