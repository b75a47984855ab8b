// Where a Slurm job stands: squeue while it is queued or running, `scontrol show job` after it
// ended (Slurm keeps it for MinJobAge, 300 s by default), and sacct when accounting answers.
// Returns the base state, Slurm's reason and the restart count, or `unknown` with why.
import { baseState } from './slurm-states';
import { slurmMessage, type SlurmShell } from './slurm-shell';

export type JobStatus = { known: true; state: string; reason: string | null; restarts: number; exitCode: string | null } | { known: false; why: string };

const noReason = (r: string | undefined) => (!r || r === 'None' || r === '(null)' ? null : r);

/** `scontrol show job -o` prints one line of Key=Value pairs (values without spaces, except Reason). */
export function parseScontrol(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of line.matchAll(/(\w[\w/:]*)=(\S*)/g)) out[m[1]!] ??= m[2]!;
  return out;
}

export async function queryJob(shell: SlurmShell, jobId: string): Promise<JobStatus> {
  const sq = await shell.run('squeue', ['-h', '-j', jobId, '-o', '%T|%r']);
  const line = sq.code === 0 ? sq.stdout.trim().split('\n')[0] : undefined;
  if (line) {
    const [state, reason] = line.split('|');
    const sc = await shell.run('scontrol', ['show', 'job', '-o', jobId]);
    const restarts = sc.code === 0 ? Number(parseScontrol(sc.stdout).Restarts ?? 0) : 0;
    return { known: true, state: baseState(state!), reason: noReason(reason), restarts, exitCode: null };
  }
  const sc = await shell.run('scontrol', ['show', 'job', '-o', jobId]);
  if (sc.code === 0 && sc.stdout.includes('JobState=')) {
    const f = parseScontrol(sc.stdout);
    return {
      known: true,
      state: baseState(f.JobState ?? 'UNKNOWN'),
      reason: noReason(f.Reason),
      restarts: Number(f.Restarts ?? 0),
      exitCode: f.ExitCode ?? null,
    };
  }
  const sa = await shell.run('sacct', ['-X', '-n', '-P', '-j', jobId, '-o', 'State,ExitCode']);
  const row = sa.code === 0 ? sa.stdout.trim().split('\n')[0] : undefined;
  if (row) {
    const [state, exitCode] = row.split('|');
    return { known: true, state: baseState(state!), reason: null, restarts: 0, exitCode: exitCode ?? null };
  }
  return { known: false, why: `squeue, scontrol and sacct no longer know job ${jobId} (${slurmMessage(sa)})` };
}
