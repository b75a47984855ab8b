// The New-run form's executor fields: local writes nothing, Slurm writes only what was filled in,
// a bad value shows next to its field, and a config's executor comes back into the form.
import { describe, expect, it } from 'vitest';
import { configToForm } from '../../../../src-renderer/lib/form/form-config';
import { defaultRunForm, validateRunForm, type RunFormState } from '../../../../src-renderer/lib/form/run-form';

const form = (over: Partial<RunFormState> = {}): RunFormState => ({ ...defaultRunForm(), datasetId: 'mnist-demo', model: 'cnn', ...over });

describe('executor fields', () => {
  it('leaves a local run’s config without executor settings', () => {
    const v = validateRunForm(form());
    expect(v.config).not.toBeNull();
    expect(v.config).not.toHaveProperty('executor');
    expect(v.config).not.toHaveProperty('slurm');
  });

  it('writes the Slurm settings that were filled in', () => {
    const v = validateRunForm(form({ executor: 'slurm', slurmPartition: 'gpu', slurmCpus: '4', slurmTimeLimit: '' }));
    expect(v.config).toMatchObject({ executor: 'slurm', slurm: { partition: 'gpu', cpus: 4 } });
    expect(v.config!.slurm).not.toHaveProperty('timeLimit');
    expect(validateRunForm(form({ executor: 'slurm' })).config).not.toHaveProperty('slurm'); // the cluster's defaults
  });

  it('shows a bad Slurm value next to its field', () => {
    const v = validateRunForm(form({ executor: 'slurm', slurmTimeLimit: 'two hours', slurmCpus: '0' }));
    expect(v.config).toBeNull();
    expect(v.errors.slurmTimeLimit).toMatch(/timeLimit/);
    expect(v.errors.slurmCpus).toMatch(/≥ 1/);
  });

  it('brings a config’s executor back into the form', () => {
    const { form: f, notes } = configToForm({ executor: 'slurm', slurm: { partition: 'gpu', gres: 'gpu:1', extraSbatch: [], setup: '', pollSeconds: 1 } });
    expect(f).toMatchObject({ executor: 'slurm', slurmPartition: 'gpu', slurmGres: 'gpu:1' });
    expect(notes).toEqual([]);
  });
});
