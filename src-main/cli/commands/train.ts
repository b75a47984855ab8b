// `distill-studio train <config>`: queue a run, show a progress bar with ETA on stderr, wait for
// it to end, print a summary (or one JSON object with --json). Ctrl-C cancels the run cleanly.
// `--executor slurm` (optionally `--profile FILE`) trains it as a Slurm job with the same bar;
// `--detach` returns once the job is submitted (the next start of the app follows it).
import { SingleBar } from 'cli-progress';
import type { StudioServices } from '../../services/studio-services';
import type { EventPayloads } from '../../../shared/contract';
import { TERMINAL_STATUSES, type RunRecord } from '../../../shared/types';
import { loadRunConfig } from '../load-config';
import { loadSlurmProfile } from '../load-profile';
import { CliError, failWith, formatDuration, printJson } from '../output';
import { METRIC } from '../../../shared/metric-keys';
import { trainSeeds, type TrainResult } from './train-seeds';
import { averageThroughput, PaceTracker } from '../run-pace';

type RunConfigFile = ReturnType<typeof loadRunConfig>;
export type { TrainResult };

/** A teacher may be named by id, unique id prefix, or the name of a run (newest completed first). */
async function resolveTeacher(services: StudioServices, ref: string): Promise<string> {
  if ((await services.invoke('runs:get', { id: ref })).ok) return ref;
  const all = await services.invoke('runs:list', { limit: 1000 });
  if (!all.ok) return ref;
  const byName = all.value.filter((r) => r.name === ref);
  const pick = byName.find((r) => r.status === 'completed') ?? byName[0];
  if (pick) return pick.id;
  const byPrefix = all.value.filter((r) => r.id.startsWith(ref));
  if (byPrefix.length === 1) return byPrefix[0]!.id;
  throw new CliError(`teacherRunId: no run has the id or name '${ref}' (see \`distill-studio runs list\`)`, 2);
}

/** A dataset may be named by id or by its (unique) name, as `datasets list` shows both. */
async function resolveDataset(services: StudioServices, ref: string): Promise<string> {
  const all = await services.invoke('datasets:list', undefined);
  if (!all.ok || all.value.some((d) => d.id === ref)) return ref;
  const byName = all.value.filter((d) => d.name === ref);
  if (byName.length === 1) return byName[0]!.id;
  if (byName.length > 1)
    throw new CliError(`datasetId: ${byName.length} datasets are named '${ref}'; use one of their ids (${byName.map((d) => d.id).join(', ')})`, 2);
  return ref; // runs:start names the problem and lists what is there
}

export interface TrainOptions {
  json?: boolean;
  executor?: string;
  profile?: string;
  detach?: boolean;
  /** One run per seed, tagged as one seed group (train-seeds.ts). */
  seeds?: number[];
}

/** Resolves once the Slurm job is submitted (true) or the run ended first, e.g. refused (false). */
function whenSubmitted(services: StudioServices, runId: string): Promise<boolean> {
  return new Promise((resolve) => {
    services.onEvent((event, raw) => {
      const p = raw as EventPayloads['run:log'] & EventPayloads['run:status'];
      if (p.runId !== runId) return;
      if (event === 'run:log' && /^submitted as Slurm job/.test(p.message)) resolve(true);
      if (event === 'run:status' && TERMINAL_STATUSES.includes(p.status)) resolve(false);
    });
  });
}

export async function trainCommand(services: StudioServices, file: string, opts: TrainOptions): Promise<number> {
  const config = loadRunConfig(file);
  if (opts.seeds && opts.seeds.length > 1) return trainSeeds(config, opts, opts.seeds, (c, o, report) => trainConfig(services, c, { ...opts, ...o }, report));
  if (opts.seeds?.length === 1) config.seed = opts.seeds[0]!;
  return trainConfig(services, config, opts);
}

/** Trains one config to its end (or submits it, with --detach), printing as `train` does. */
export async function trainConfig(services: StudioServices, config: RunConfigFile, opts: TrainOptions, report?: (r: TrainResult) => void): Promise<number> {
  if (opts.executor && opts.executor !== 'local' && opts.executor !== 'slurm')
    throw new CliError(`--executor: expected local or slurm, not '${opts.executor}'`, 2);
  if (opts.profile && opts.executor === 'local') throw new CliError('--profile is a Slurm profile: use it with --executor slurm', 2);
  if (opts.executor) config.executor = opts.executor as 'local' | 'slurm';
  if (opts.profile) {
    config.executor = 'slurm';
    config.slurm = loadSlurmProfile(opts.profile);
  }
  if (opts.detach && config.executor !== 'slurm') throw new CliError('--detach works with --executor slurm only (a local run needs this process)', 2);
  config.datasetId = await resolveDataset(services, config.datasetId);
  if (config.teacherRunId) config.teacherRunId = await resolveTeacher(services, config.teacherRunId);
  const started = await services.invoke('runs:start', config);
  if (!started.ok) failWith(started.error);
  const run = started.value;
  const showBar = Boolean(process.stderr.isTTY) && !opts.json;
  const bar = new SingleBar({
    format: ' {bar} {percentage}% | epoch {epoch}/{epochs} | step {value}/{total} | {ips} img/s | ETA {etaText}',
    hideCursor: true,
    stream: process.stderr,
  });
  let barStarted = false;
  let lastLine = 0;
  const pace = new PaceTracker();

  const finished = new Promise<RunRecord>((resolve) => {
    services.onEvent((event, raw) => {
      const payload = raw as EventPayloads['run:progress'] & EventPayloads['run:log'] & EventPayloads['run:status'];
      if (event === 'run:progress' && payload.runId === run.id && (payload.waiting || payload.totalSteps === 0)) {
        // a Slurm job waiting in the queue ("pending on Slurm (Resources)"), or just started
        if (payload.waiting && !opts.json) process.stderr.write(`${showBar && barStarted ? '\n' : ''}  ${payload.waiting}\n`);
      } else if (event === 'run:progress' && payload.runId === run.id) {
        pace.onProgress(payload.fraction, payload.etaSeconds, Date.now());
        const fields = {
          epoch: payload.epoch,
          epochs: payload.epochs,
          ips: payload.imagesPerSec ? Math.round(payload.imagesPerSec) : '–',
          etaText: formatDuration(payload.etaSeconds),
        };
        if (showBar) {
          if (!barStarted) bar.start(payload.totalSteps, 0, fields);
          barStarted = true;
          bar.update(payload.step, fields);
        } else if (!opts.json && Date.now() - lastLine > 5000) {
          lastLine = Date.now();
          process.stderr.write(
            `  ${Math.round(payload.fraction * 100)}% epoch ${payload.epoch}/${payload.epochs}, ${fields.ips} img/s, ETA ${fields.etaText}\n`,
          );
        }
      } else if (event === 'run:log' && payload.runId === run.id && !opts.json && !showBar) {
        process.stderr.write(`  [${payload.level}] ${payload.message}\n`);
      } else if (event === 'run:status' && payload.runId === run.id && TERMINAL_STATUSES.includes(payload.status)) {
        resolve(payload.run);
      }
    });
  });

  if (opts.detach) {
    const submitted = await whenSubmitted(services, run.id);
    if (!submitted) {
      const detail = await services.invoke('runs:get', { id: run.id });
      const error = detail.ok ? detail.value.error : null;
      if (opts.json) printJson({ id: run.id, name: run.name, status: 'failed', error });
      else process.stderr.write(`Run ${run.id} could not be submitted: ${error ?? 'unknown reason'}\n`);
      return 1;
    }
    if (opts.json) printJson({ id: run.id, name: run.name, status: 'running', detached: true });
    else process.stdout.write(`Run ${run.id} (${run.name}) submitted to Slurm; follow it with \`distill-studio serve\` or \`runs show ${run.id}\`.\n`);
    return 0;
  }
  const onSigint = () => void services.invoke('runs:cancel', { id: run.id });
  process.once('SIGINT', onSigint);
  if (!opts.json) process.stderr.write(`Run ${run.id} (${run.name}) queued.\n`);
  const done = await finished;
  const endedAt = Date.now();
  process.off('SIGINT', onSigint);
  if (barStarted) bar.stop();

  const detail = await services.invoke('runs:get', { id: run.id });
  const summary = detail.ok ? Object.fromEntries(detail.value.summary.map((s) => [s.key, s.last])) : {};
  const seconds = done.startedAt && done.finishedAt ? (Date.parse(done.finishedAt) - Date.parse(done.startedAt)) / 1000 : null;
  const throughput = await services.invoke('runs:metrics', { id: done.id, keys: [METRIC.throughput] });
  const imagesPerSec = throughput.ok ? averageThroughput(throughput.value[METRIC.throughput]?.value ?? []) : null;
  const eta = pace.etaCheck(endedAt);
  const result: TrainResult = {
    id: done.id,
    name: done.name,
    status: done.status,
    error: done.error,
    backend: done.backend,
    seconds,
    finalMetrics: summary,
    averageImagesPerSec: imagesPerSec,
    eta,
  };
  if (report) report(result);
  else if (opts.json) {
    printJson(result);
  } else {
    process.stdout.write(`Run ${done.id} ${done.status} in ${formatDuration(seconds)}.\n`);
    if (done.error) process.stdout.write(`Reason: ${done.error}\n`);
    for (const key of [METRIC.valAcc, METRIC.valLoss, METRIC.trainAcc, METRIC.testAcc, METRIC.bestTestAcc]) {
      if (summary[key] !== undefined) process.stdout.write(`  ${key.padEnd(13)} ${summary[key].toFixed(4)}\n`);
    }
    if (imagesPerSec !== null) process.stdout.write(`  ${Math.round(imagesPerSec).toLocaleString('en-US')} img/s on average over the training steps\n`);
    if (eta) {
      const pct = `${eta.error >= 0 ? '+' : ''}${Math.round(eta.error * 100)} %`;
      process.stdout.write(
        `  ETA at ${Math.round(eta.atFraction * 100)} %: ${formatDuration(eta.predictedSeconds)}, actual ${formatDuration(eta.actualSeconds)} (${pct})\n`,
      );
    }
    if (summary[METRIC.bestEpoch] !== undefined)
      process.stdout.write(`  (best/test_acc: the model of epoch ${summary[METRIC.bestEpoch]}, best on validation)\n`);
  }
  return done.status === 'completed' ? 0 : 1;
}
