// Turns one message of a run's worker (a local process or a Slurm job's ingested lines) into the
// run's records and events: backend and environment, progress, metric points, epoch and log lines,
// and the run's end. Writes may throw (disk full); the supervisor turns that into a failed run.
import type Database from 'better-sqlite3';
import { insertArtifact, insertMetrics } from '../../db';
import type { EventChannel, EventPayloads } from '../../../shared/contract';
import type { RunLogLine, RunProgress, RunStatus } from '../../../shared/types';
import { recordBackend } from './run-records';
import type { BackendInfo, WorkerMessage } from '../worker/protocol';
import type { WorkerHandle } from './worker-handle';

export interface ActiveRun {
  runId: string;
  handle: WorkerHandle;
  ended: boolean; // a terminal status was recorded
  cancelRequested: boolean;
  progress: RunProgress | null;
  outputTail: string;
  lastError: string | null;
  workerRecorded: boolean;
  remote: boolean;
}

export interface MessageSink {
  db: Database.Database;
  appVersion: string;
  readonly shuttingDown: boolean;
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void;
  onBackend(info: BackendInfo): void;
  recordWorker(a: ActiveRun): void;
  log(a: ActiveRun, level: RunLogLine['level'], message: string): void;
  finish(a: ActiveRun, status: RunStatus, error: string | null): void;
  failureReason(runId: string, message: string): string;
}

export function recordMessage(s: MessageSink, a: ActiveRun, m: WorkerMessage): void {
  const { db } = s;
  switch (m.type) {
    case 'ready': // the worker runs: its PID is known now under Electron too
      s.recordWorker(a);
      recordBackend(db, a.runId, m.backend, s.appVersion);
      s.onBackend(m.backend);
      s.log(a, 'info', `backend: ${m.backend.package} — ${m.backend.reason}`);
      break;
    case 'progress': {
      const { type: _t, ...p } = m;
      a.progress = { runId: a.runId, ...p, fraction: p.totalSteps ? p.step / p.totalSteps : 0 };
      s.emit('run:progress', a.progress);
      break;
    }
    case 'waiting': {
      // keeps the last epoch and step (a requeued job waits again); a run not started yet has none
      const blank: RunProgress = { runId: a.runId, epoch: 0, epochs: 0, step: 0, totalSteps: 0, fraction: 0, etaSeconds: null, imagesPerSec: null };
      a.progress = { ...(a.progress ?? blank), waiting: m.message };
      s.emit('run:progress', a.progress);
      break;
    }
    case 'metrics':
      insertMetrics(db, a.runId, m.points);
      s.emit('run:metrics', { runId: a.runId, points: m.points });
      break;
    case 'epoch': {
      const parts = Object.entries(m.metrics).map(([k, v]) => `${k}=${Number(v.toFixed(4))}`);
      s.log(a, 'info', `epoch ${m.epoch} (${m.seconds.toFixed(1)} s): ${parts.join(', ')}`);
      break;
    }
    case 'checkpoint':
      break;
    case 'log':
      if (m.level === 'error') a.lastError = m.message;
      s.log(a, m.level, m.message);
      break;
    case 'done': {
      const status: RunStatus = m.status === 'cancelled' && s.shuttingDown && !a.cancelRequested ? 'interrupted' : m.status;
      for (const art of m.artifacts) insertArtifact(db, { runId: a.runId, kind: art.kind, path: art.path, bytes: art.bytes, sha256: '' });
      s.finish(a, status, status === 'interrupted' ? 'the app was closed while this run was training' : null);
      break;
    }
    case 'failed':
      s.finish(a, m.status, m.status === 'failed' ? s.failureReason(a.runId, m.message) : m.message);
      break;
  }
}
