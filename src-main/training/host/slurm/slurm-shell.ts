// Runs Slurm's own commands (sbatch, squeue, scontrol, sacct, scancel, sinfo) here or, with a
// login host, over ssh on it (with the profile's ssh_config file when it names one: the port, key
// and known hosts of a login node ~/.ssh/config does not describe). Never throws for a command
// that ran: callers read the exit code and Slurm's own message (the first lines of stderr), which
// is what the user sees when it refuses.
import { execFile } from 'node:child_process';

export interface SlurmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SlurmShell {
  run(command: string, args: string[], timeoutMs?: number): Promise<SlurmResult>;
  /** Where the commands run, for messages: "this machine" or "login node x". */
  readonly where: string;
}

/** POSIX single-quoting for a command line sent over ssh. */
export const shellQuote = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function slurmShell(options: { loginHost?: string; sshConfig?: string; env?: NodeJS.ProcessEnv } = {}): SlurmShell {
  const env = options.env ?? process.env;
  return {
    where: options.loginHost ? `login node ${options.loginHost}` : 'this machine',
    run(command, args, timeoutMs = 30_000) {
      const [file, argv] = options.loginHost
        ? [
            'ssh',
            [
              ...(options.sshConfig ? ['-F', options.sshConfig] : []),
              '-o',
              'BatchMode=yes',
              options.loginHost,
              '--',
              [command, ...args].map(shellQuote).join(' '),
            ],
          ]
        : [command, args];
      return new Promise((resolve) => {
        execFile(file, argv, { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
          const e = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
          if (e && e.code === 'ENOENT') {
            resolve({ code: 127, stdout: '', stderr: `${file}: command not found (is Slurm installed and on PATH?)` });
            return;
          }
          const code = e ? (typeof e.code === 'number' ? e.code : 1) : 0;
          resolve({ code, stdout: String(stdout), stderr: String(stderr || (e && !stderr ? e.message : '')) });
        });
      });
    },
  };
}

/** Slurm's message in one line: "sbatch: error: invalid partition specified: x; …". */
export function slurmMessage(r: SlurmResult): string {
  const lines = `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(0, 3).join('; ').slice(0, 500) || `exit code ${r.code}`;
}
