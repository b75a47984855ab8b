// Database records the supervisor writes for a run besides its status: the environment it trains
// with (once the worker reports its backend), the metrics a resume is about to repeat (dropped),
// and the reason text when a write for it failed.
import type Database from 'better-sqlite3';
import { dropMetricsAfter, getDataset, getRun, setRunBackend, setRunEnvironment } from '../../db';
import { describeResource, resourceKind, resourceKindOfText } from '../../services/resource-errors';
import { checkpointStep, hasCheckpoint } from './checkpoint-probe';
import type { BackendInfo } from '../worker/protocol';

export function recordBackend(db: Database.Database, runId: string, backend: BackendInfo, appVersion: string): void {
  setRunBackend(db, runId, backend.name, backend.reason);
  setRunEnvironment(db, runId, {
    appVersion,
    tfjsVersion: backend.tfjsVersion,
    backendPackage: backend.package,
    gpu: backend.gpu,
    nodeVersion: process.versions.node,
    electronVersion: process.versions.electron ?? null,
    platform: `${process.platform}-${process.arch}`,
    datasetFingerprint: getDataset(db, getRun(db, runId)!.datasetId)?.fingerprint ?? '',
  });
}

/**
 * A run that starts again continues after its checkpoint's step (or from scratch): the points a
 * crashed worker stored after that step are about to be recorded again, so they go. An unreadable
 * checkpoint changes nothing.
 */
export function dropRepeatedMetrics(db: Database.Database, runId: string, runDir: string): void {
  const step = checkpointStep(runDir);
  if (step !== null) dropMetricsAfter(db, runId, step);
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

export interface ReasonContext {
  db: Database.Database;
  dataDir: string;
  runDir(id: string): string;
}

const runName = (ctx: ReasonContext, runId: string) => `run '${getRun(ctx.db, runId)?.name ?? runId}'`;
const nextStep = (ctx: ReasonContext, runId: string) => (hasCheckpoint(ctx.runDir(runId)) ? 'resume the run' : 'start the run again');

/** "disk full while saving metrics of run 'x': free space in /data and resume the run". */
export function writeFailureReason(ctx: ReasonContext, runId: string, e: unknown, doing: string): string {
  const kind = resourceKind(e);
  if (!kind) return `internal error while ${doing} of ${runName(ctx, runId)}: ${firstLine(e)}`;
  return describeResource(kind, `${doing} of ${runName(ctx, runId)}`, ctx.dataDir, nextStep(ctx, runId));
}

/** A worker's own failure message; its file-system failures (a checkpoint on a full disk) in plain words. */
export function workerFailureReason(ctx: ReasonContext, runId: string, message: string): string {
  const kind = resourceKindOfText(message);
  if (!kind) return message;
  return describeResource(kind, `writing the files of ${runName(ctx, runId)}`, ctx.dataDir, nextStep(ctx, runId));
}
