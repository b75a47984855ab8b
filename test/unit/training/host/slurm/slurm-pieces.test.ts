// The pure parts of the Slurm executor: state mapping, scontrol parsing, profile checks and the
// batch scripts written from a profile.
import { describe, expect, it } from 'vitest';
import { SlurmProfileSchema } from '../../../../../shared/schemas/slurm-profile';
import { parseScontrol } from '../../../../../src-main/training/host/slurm/job-query';
import { sbatchArrayScript, sbatchScript } from '../../../../../src-main/training/host/slurm/sbatch-script';
import { shellQuote } from '../../../../../src-main/training/host/slurm/slurm-shell';
import { baseState, isEnding, phaseOf } from '../../../../../src-main/training/host/slurm/slurm-states';

describe('Slurm states', () => {
  it('maps every state the executor must know to a run phase', () => {
    const expected = {
      PENDING: 'waiting',
      RUNNING: 'running',
      COMPLETED: 'completed',
      FAILED: 'failed',
      CANCELLED: 'cancelled',
      TIMEOUT: 'interrupted',
      PREEMPTED: 'interrupted',
      NODE_FAIL: 'failed',
      OUT_OF_MEMORY: 'failed',
      REQUEUED: 'waiting',
    };
    for (const [state, phase] of Object.entries(expected)) expect(phaseOf(state)).toBe(phase);
    expect(baseState('CANCELLED by 0')).toBe('CANCELLED');
    expect(isEnding(phaseOf('COMPLETING'))).toBe(false);
  });

  it('reads scontrol’s one-line output', () => {
    const f = parseScontrol('JobId=7 JobName=x JobState=NODE_FAIL Reason=NodeDown Dependency=(null) Restarts=2 ExitCode=0:9');
    expect(f).toMatchObject({ JobState: 'NODE_FAIL', Reason: 'NodeDown', Restarts: '2', ExitCode: '0:9' });
  });
});

describe('Slurm profiles and scripts', () => {
  it('refuses a newline smuggled into a single-line field and unknown keys', () => {
    expect(SlurmProfileSchema.safeParse({ partition: 'gpu\n#SBATCH --uid=0' }).success).toBe(false);
    expect(SlurmProfileSchema.safeParse({ partiton: 'gpu' }).error?.issues[0]?.message).toMatch(/did you mean 'partition'/);
    expect(SlurmProfileSchema.safeParse({ timeLimit: '1-02:00:00', memory: '8G', cpus: 4 }).success).toBe(true);
    expect(SlurmProfileSchema.safeParse({ memory: 'lots' }).success).toBe(false);
    expect(SlurmProfileSchema.safeParse({ loginHost: '-oProxyCommand=touch /tmp/x' }).error?.issues[0]?.message).toMatch(/not an ssh option/);
    expect(SlurmProfileSchema.safeParse({ loginHost: 'me@login', sshConfig: '/home/me/.ssh/cluster.conf' }).success).toBe(true);
  });

  it('writes every profile setting as an #SBATCH line, then the setup, then the worker', () => {
    const profile = SlurmProfileSchema.parse({
      partition: 'gpu',
      account: 'lab',
      qos: 'high',
      timeLimit: '02:00:00',
      cpus: 8,
      memory: '32G',
      gres: 'gpu:1',
      extraSbatch: ['#SBATCH --constraint=a100', '--exclusive'],
      setup: 'module load nodejs/22',
    });
    const s = sbatchScript({ profile, jobDir: "/shared/it's", jobName: 'kd · seed 1', workerCommand: 'node /app/bin/distill-studio.js' });
    for (const line of [
      '--partition=gpu',
      '--account=lab',
      '--qos=high',
      '--time=02:00:00',
      '--cpus-per-task=8',
      '--mem=32G',
      '--gres=gpu:1',
      '--constraint=a100',
      '--exclusive',
      '--requeue',
      '--job-name=distill-kd-seed-1',
    ]) {
      expect(s).toContain(`#SBATCH ${line}\n`);
    }
    expect(s.indexOf('module load nodejs/22')).toBeLessThan(s.indexOf('exec node'));
    expect(s).toContain(`exec node /app/bin/distill-studio.js worker --job ${shellQuote("/shared/it's")}`);
  });

  it('writes one array script whose task i trains the i-th folder', () => {
    const s = sbatchArrayScript({
      profile: SlurmProfileSchema.parse({}),
      jobDirs: ['/s/a', '/s/b', '/s/c'],
      batchOutput: '/s/arrays/%A_%a.out',
      jobName: 'sweep',
      workerCommand: 'node cli.js',
    });
    expect(s).toContain('#SBATCH --array=0-2\n');
    expect(s).toContain('DIRS=(/s/a /s/b /s/c)');
    expect(s).toContain('exec node cli.js worker --job "$DIR"');
  });
});
