// Submission over ssh to a login node: a private sshd on 127.0.0.1 (test/helpers/ssh-login.ts)
// stands in for the cluster's login node, and the profile's `loginHost` with `sshConfig` (port,
// key, known hosts) sends every Slurm command through it. The app's own environment cannot reach
// the test cluster (no SLURM_CONF), so the run completing proves the commands went over ssh; its
// metrics equal the same seed trained locally. About 15–25 s on the 2-core test machine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../../helpers/built-app';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../../helpers/slurm-cluster';
import { cliSync, readRun, runLogs, storedMetrics, writeConfig } from '../../helpers/slurm-runs';
import { sshUnavailableReason, startSshLogin, type SshLogin } from '../../helpers/ssh-login';
import { useTempDirs } from '../../helpers/temp-dir';

const skip = slurmUnavailableReason() ?? sshUnavailableReason();
const tempDir = useTempDirs('distill-slurm-ssh-');
let cluster: SlurmCluster | null = null;
let login: SshLogin | null = null;

describe.skipIf(skip)('submitting over ssh to a login node', () => {
  beforeAll(async () => {
    requireBuild();
    cluster = await startSlurmCluster();
    // a job submitted over ssh has the login session's environment, not this process's: the
    // backend the test run forces must be set there too (users put such lines in `setup`)
    const backend = process.env.DISTILL_STUDIO_BACKEND;
    login = await startSshLogin({ ...cluster.env, ...(backend ? { DISTILL_STUDIO_BACKEND: backend } : {}) });
  });
  afterAll(() => {
    login?.stop();
    cluster?.stop();
  });

  it('trains through loginHost like a local submission', () => {
    const dir = tempDir();
    const config = writeConfig(dir, { seed: 13 });
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, `loginHost: ${login!.host}\nsshConfig: ${login!.clientConfig}\n`);
    const data = join(dir, 'data');
    const env = { SLURM_CONF: '/nonexistent/slurm.conf' }; // Slurm commands run here would fail
    const remote = cliSync(['train', config, '--profile', profile, '--json', '--data-dir', data], env);
    expect(remote.code, `${remote.stdout}${remote.stderr}\n${login!.output().slice(-1500)}`).toBe(0);
    const r = JSON.parse(remote.stdout);
    expect(runLogs(data, r.id).find((l) => l.startsWith('submitted as Slurm job'))).toMatch(/from login node distill-login in \d+ ms/);
    expect(readRun(data, r.id)).toMatchObject({ executor: 'slurm', status: 'completed' });
    const local = JSON.parse(cliSync(['train', config, '--json', '--data-dir', join(dir, 'local')], {}).stdout);
    expect(storedMetrics(data, r.id)).toEqual(storedMetrics(join(dir, 'local'), local.id));
  });

  it('refuses a login node it cannot reach with ssh’s own message', () => {
    const dir = tempDir();
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, `loginHost: no-such-login\nsshConfig: ${login!.clientConfig}\n`);
    const r = cliSync(['train', writeConfig(dir), '--profile', profile, '--json', '--data-dir', join(dir, 'data')], {});
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatch(/^Slurm refused the job: ssh: Could not resolve hostname no-such-login/);
  });
});
