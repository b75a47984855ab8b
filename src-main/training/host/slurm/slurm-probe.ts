// Can this app submit to Slurm? Asks `sinfo` for the partitions (the default one marked `*`),
// for the System screen and the New run form: available with the partitions, or why not in
// Slurm's own words ("sinfo: command not found", "Unable to contact slurm controller").
import { slurmMessage, type SlurmShell } from './slurm-shell';

export interface SlurmAvailability {
  available: boolean;
  /** Partitions as sinfo names them, the default one with a trailing `*`. */
  partitions: string[];
  detail: string;
}

export async function probeSlurm(shell: SlurmShell): Promise<SlurmAvailability> {
  const r = await shell.run('sinfo', ['-h', '-o', '%P|%a'], 10_000);
  if (r.code !== 0) return { available: false, partitions: [], detail: slurmMessage(r) };
  const partitions = r.stdout
    .split('\n')
    .map((l) => l.trim().split('|'))
    .filter(([p]) => p)
    .map(([p, avail]) => (avail === 'up' ? p! : `${p} (${avail})`));
  return { available: true, partitions, detail: `sbatch reachable from ${shell.where}; partitions ${partitions.join(', ') || 'none'}` };
}
