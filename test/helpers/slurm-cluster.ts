// A real single-node Slurm cluster for tests: munge (shared, started once if not running), then
// slurmctld and slurmd with their own slurm.conf (two partitions over the one node, the high one
// preempting the default one), ports, state and logs in a temp folder. Every
// Slurm command of the test and of the app under test reaches it through SLURM_CONF. Needs root
// and Debian's slurm-wlm and munge packages (.ci/run installs them); `slurmAvailable()` says
// whether this machine can run it, so the suites skip with a reason elsewhere.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from './temp-dir';

export interface SlurmCluster {
  dir: string;
  conf: string;
  /** The default partition; `highPartition` (same node) preempts its jobs by requeueing them. */
  partition: string;
  highPartition: string;
  /** The one node's name. */
  node: string;
  /** When slurmctld started (ms): it checks time limits every 30 s from then on. */
  startedAt: number;
  /** Environment for child processes (the CLI, serve) that must reach this cluster. */
  env: Record<string, string>;
  /** Runs a Slurm command against this cluster; returns stdout (throws with stderr on failure). */
  run(cmd: string, args: string[]): string;
  stop(): void;
}

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Null when a cluster can be started here, else why not. */
export function slurmUnavailableReason(): string | null {
  if (process.getuid?.() !== 0) return 'the single-node Slurm cluster needs root';
  for (const cmd of ['slurmctld', 'slurmd', 'sbatch', 'munged']) if (!which(cmd)) return `${cmd} is not installed (apt-get install slurm-wlm munge)`;
  return null;
}

function mungeWorks(): boolean {
  const r = spawnSync('sh', ['-c', 'munge -n | unmunge'], { stdio: 'ignore' });
  return r.status === 0;
}

function ensureMunge(): void {
  if (mungeWorks()) return;
  if (!existsSync('/etc/munge/munge.key')) execFileSync('mungekey', ['-c']);
  mkdirSync('/run/munge', { recursive: true });
  execFileSync('chown', ['munge:munge', '/run/munge']);
  execFileSync('chown', ['munge:munge', '/etc/munge/munge.key']);
  execFileSync('munged', ['--force']);
  for (let i = 0; i < 50 && !mungeWorks(); i++) sleep(100);
  if (!mungeWorks()) throw new Error('munged started but munge credentials do not work');
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function slurmConf(dir: string, ctldPort: number, slurmdPort: number, node: string): string {
  const host = hostname();
  return [
    'ClusterName=distilltest',
    `SlurmctldHost=${host}(127.0.0.1)`,
    `SlurmctldPort=${ctldPort}`,
    `SlurmdPort=${slurmdPort}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    'CredType=cred/munge',
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'SchedulerType=sched/backfill',
    'SchedulerParameters=sched_interval=1',
    'MpiDefault=none',
    'ReturnToService=2',
    'MinJobAge=300',
    // a job over its time limit is signalled at the next check (slurmctld checks every 30 s), and
    // killed 5 s after SIGTERM, time enough for the worker to save its checkpoint
    'OverTimeLimit=0',
    'KillWait=5',
    // a job of the `high` partition requeues a job of `debug` (same node) it needs the CPUs of
    'PreemptType=preempt/partition_prio',
    'PreemptMode=REQUEUE',
    'JobRequeue=1',
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
    `NodeName=${node} NodeHostname=${host} NodeAddr=127.0.0.1 CPUs=${cpus().length} RealMemory=4000 State=UNKNOWN`,
    `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP PriorityTier=1`,
    `PartitionName=high Nodes=${node} MaxTime=INFINITE State=UP PriorityTier=2`,
    '',
  ].join('\n');
}

function killPidFile(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) return null;
  try {
    process.kill(pid, 'SIGTERM');
    return pid;
  } catch {
    return null;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts the cluster and waits until its node is idle (a few seconds). */
export async function startSlurmCluster(): Promise<SlurmCluster> {
  const why = slurmUnavailableReason();
  if (why) throw new Error(why);
  ensureMunge();
  const dir = makeTempDir('distill-slurm-');
  for (const sub of ['state', 'spool']) mkdirSync(join(dir, sub));
  const conf = join(dir, 'slurm.conf');
  const node = `dsnode${process.pid}`;
  writeFileSync(conf, slurmConf(dir, await freePort(), await freePort(), node));
  const env = { SLURM_CONF: conf };
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout || r.error?.message}`);
    return r.stdout;
  };
  const stop = () => {
    // jobs still running (a failed test) would leave their slurmstepd behind the daemons
    try {
      const ids = run('squeue', ['-h', '-o', '%i']).split('\n').filter(Boolean);
      if (ids.length) run('scancel', ids);
      for (let i = 0; i < 100 && run('squeue', ['-h', '-o', '%i']).trim(); i++) sleep(100);
    } catch {
      // the controller is already gone: nothing to cancel
    }
    const pids = [killPidFile(join(dir, 'slurmd.pid')), killPidFile(join(dir, 'slurmctld.pid'))].filter((p): p is number => p !== null);
    for (let i = 0; i < 100 && pids.some(alive); i++) sleep(50);
    for (const p of pids.filter(alive)) process.kill(p, 'SIGKILL');
    if (process.env.DISTILL_KEEP_SLURM_DIR) console.log(`kept the test cluster's folder ${dir}`);
    else removeTempDir(dir);
  };
  const startedAt = Date.now();
  try {
    run('slurmctld', ['-c']); // -c: a clean start, no state from an earlier cluster
    run('slurmd', ['-N', node]);
    const deadline = Date.now() + 30_000;
    while (!/idle/.test(run('sinfo', ['-h', '-o', '%T']))) {
      if (Date.now() > deadline)
        throw new Error(`the test cluster's node did not become idle:\n${readFileSync(join(dir, 'slurmctld.log'), 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    stop();
    throw e;
  }
  return { dir, conf, partition: 'debug', highPartition: 'high', node, startedAt, env, run, stop };
}
