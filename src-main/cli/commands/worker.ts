// `distill-studio worker --job DIR`: the documented entry a cluster job runs on its compute node.
// Starts the training worker (out/main/worker.js) in headless job mode on this Node, passes
// SIGTERM/SIGINT on (scancel, preemption and time limits stop it with a checkpoint), and exits
// with its code. No data folder, database or lock: the job folder is all it reads and writes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { workerEnv } from '../../training/host/worker-env';
import { CliError } from '../output';

export function workerCommand(opts: { job?: string }, workerEntry: string): Promise<number> {
  if (!opts.job) throw new CliError('worker: --job <dir> is required (a job folder staged by Distill Studio)', 2);
  const dir = resolve(opts.job);
  if (!existsSync(join(dir, 'job.json'))) throw new CliError(`worker: ${join(dir, 'job.json')} is missing: is this a job folder staged by Distill Studio?`, 2);
  return new Promise((done) => {
    const child = spawn(process.execPath, [workerEntry, '--job', dir], { stdio: 'inherit', env: { ...process.env, ...workerEnv() } });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onTerm = forward('SIGTERM');
    const onInt = forward('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    child.once('error', (e) => {
      process.stderr.write(`distill-studio worker: error: could not start the worker: ${e.message}\n`);
      done(1);
    });
    child.once('exit', (code, signal) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      done(code ?? (signal === 'SIGTERM' ? 143 : 1));
    });
  });
}
