// The headless worker (`distill-studio worker --job DIR`): runs the run staged in a job folder
// (training/job-folder.ts) without a supervisor, on a cluster node. Every worker message becomes
// a JSON line: metric points in metrics.jsonl, everything else in logs.jsonl. SIGTERM (scancel,
// preemption, a time limit, a requeue) stops at the next step with a checkpoint; started again in
// the same folder (a requeued job) it resumes from that checkpoint, after a `rewind` line telling
// the app which already-stored metric points are about to be written again.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { checkpointStep } from '../host/checkpoint-probe';
import { DATASET_SUBDIR, insideJob, JOB_FILE, LOGS_FILE, METRICS_FILE, RUN_SUBDIR, type JobSpec } from '../job-folder';
import { JsonlWriter } from './jsonl-writer';
import type { WorkerMessage } from './protocol';
import { prepareBackend } from './prepare-backend';
import { runJob } from './run-job';

function readSpec(dir: string): JobSpec {
  const file = insideJob(dir, JOB_FILE);
  if (!existsSync(file)) throw new Error(`${file} is missing: is this a job folder staged by Distill Studio?`);
  const spec = JSON.parse(readFileSync(file, 'utf8')) as JobSpec;
  if (spec.formatVersion !== 1) throw new Error(`${file} has an unknown format (${String(spec.formatVersion)})`);
  return spec;
}

const nonEmpty = (file: string) => existsSync(file) && statSync(file).size > 0;

export async function runJobFolder(dir: string): Promise<number> {
  let logs: JsonlWriter | null = null;
  let metrics: JsonlWriter | null = null;
  try {
    const spec = readSpec(dir);
    const runDir = insideJob(dir, RUN_SUBDIR);
    const restarted = nonEmpty(insideJob(dir, LOGS_FILE));
    logs = new JsonlWriter(insideJob(dir, LOGS_FILE));
    metrics = new JsonlWriter(insideJob(dir, METRICS_FILE));
    const attempt = Number(process.env.SLURM_RESTART_COUNT ?? 0) + 1;
    if (restarted) metrics.append({ type: 'rewind', step: checkpointStep(runDir) ?? 0, attempt }, true);
    let stopRequested = false;
    let open = true;
    // Slurm signals every process of the job and the CLI passes it on too: once is enough
    process.on('SIGTERM', () => {
      if (stopRequested || !open) return;
      stopRequested = true;
      logs?.append({ type: 'log', level: 'warn', message: 'stop requested (SIGTERM): saving a checkpoint' }, true);
    });
    let lastProgress = 0;
    const send = (m: WorkerMessage) => {
      if (m.type === 'metrics') return metrics!.append(m);
      if (m.type === 'progress' && Date.now() - lastProgress < 1_000 && m.step !== m.totalSteps) return;
      if (m.type === 'progress') lastProgress = Date.now();
      if (m.type === 'done' || m.type === 'failed' || m.type === 'epoch') metrics!.sync();
      logs!.append(m, m.type !== 'progress' && m.type !== 'log');
    };
    const host = process.env.SLURMD_NODENAME ?? process.env.HOSTNAME ?? 'this node';
    send({ type: 'log', level: 'info', message: `attempt ${attempt} on ${host}${process.env.SLURM_JOB_ID ? ` (Slurm job ${process.env.SLURM_JOB_ID})` : ''}` });
    const backend = await prepareBackend();
    send({ type: 'ready', backend });
    const start = {
      type: 'start' as const,
      runId: spec.runId,
      config: spec.config,
      dataset: { id: spec.dataset.id, fingerprint: spec.dataset.fingerprint, dir: insideJob(dir, spec.dataset.dir || DATASET_SUBDIR) },
      runDir,
      resume: true,
      teacherRunDir: spec.teacherRunDir ? insideJob(dir, spec.teacherRunDir) : undefined,
      teacherModelPath: spec.teacherModelPath ? insideJob(dir, spec.teacherModelPath) : undefined,
    };
    let ended: WorkerMessage | null = null;
    await runJob(
      start,
      (m) => (m.type === 'done' || m.type === 'failed' ? (ended = m) : null, send(m)),
      () => stopRequested,
    );
    open = false;
    metrics.close();
    logs.close();
    const end = ended as WorkerMessage | null;
    return end?.type === 'failed' ? 1 : 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`distill-studio worker: error: ${message}\n`);
    try {
      metrics?.sync();
      logs?.append({ type: 'failed', status: 'failed', message }, true);
    } catch {
      // the job folder itself is unwritable: stderr (the job's output file) has the reason
    }
    return 1;
  }
}
