// A private ssh "login node" for tests: an sshd (Debian's openssh-server, installed by .ci/run) on
// a free port of 127.0.0.1 with a generated host key, one authorized client key and its own
// config, all in a temp folder; commands run over it see `env` (SLURM_CONF of the test cluster).
// The client side is an ssh_config file naming the host `distill-login` with the port, the key and
// a known_hosts holding the host key, as a Slurm profile's `sshConfig` passes it to `ssh -F`.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './slurm-cluster';
import { makeTempDir, removeTempDir } from './temp-dir';

const SSHD = '/usr/sbin/sshd';

export interface SshLogin {
  /** The host name the client config defines. */
  host: string;
  /** The ssh_config file (`ssh -F`). */
  clientConfig: string;
  output(): string;
  stop(): void;
}

/** Null when a private sshd can run here, else why not. */
export function sshUnavailableReason(): string | null {
  if (!existsSync(SSHD)) return 'sshd is not installed (apt-get install openssh-server)';
  if (spawnSync('sh', ['-c', 'command -v ssh']).status !== 0) return 'the ssh client is not installed';
  return null;
}

export async function startSshLogin(env: Record<string, string>): Promise<SshLogin> {
  const dir = makeTempDir('distill-sshd-');
  const key = (name: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(dir, name)]);
  key('host_key');
  key('client_key');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  const port = await freePort();
  const sshdConfig = join(dir, 'sshd_config');
  const setEnv = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  writeFileSync(
    sshdConfig,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no', // the key files sit under the OS temp folder, whose modes sshd would refuse
      ...(setEnv.length ? [`SetEnv ${setEnv.join(' ')}`] : []),
      '',
    ].join('\n'),
  );
  const clientConfig = join(dir, 'ssh_config');
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_key.pub'), 'utf8')}`);
  writeFileSync(
    clientConfig,
    [
      'Host distill-login',
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      '  User root',
      `  IdentityFile ${join(dir, 'client_key')}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  StrictHostKeyChecking yes',
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation folder
  const proc: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', sshdConfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.setEncoding('utf8').on('data', (t: string) => (out += t));
  proc.stderr!.setEncoding('utf8').on('data', (t: string) => (out += t));
  const stop = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    removeTempDir(dir);
  };
  const deadline = Date.now() + 20_000;
  while (spawnSync('ssh', ['-F', clientConfig, '-o', 'BatchMode=yes', 'distill-login', 'true']).status !== 0) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`the test sshd did not accept the client key: ${out.slice(-1000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { host: 'distill-login', clientConfig, output: () => out, stop };
}
