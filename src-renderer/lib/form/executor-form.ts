// The New-run form's executor fields ↔ a run config's `executor` and `slurm` profile: only the
// Slurm settings someone filled in are written, so an empty profile means the cluster's defaults.
import type { RunConfigInput } from '../../../shared/schemas/run-config';
import type { RunFormField, RunFormState } from './run-form-state';

/** Config paths of the executor settings → the form fields that show their errors. */
export const EXECUTOR_FIELDS: Record<string, RunFormField> = {
  executor: 'executor',
  'slurm.partition': 'slurmPartition',
  'slurm.timeLimit': 'slurmTimeLimit',
  'slurm.cpus': 'slurmCpus',
  'slurm.gres': 'slurmGres',
  'slurm.sharedDir': 'slurmSharedDir',
};

export function executorToCandidate(form: RunFormState): Pick<RunConfigInput, 'executor' | 'slurm'> {
  if (form.executor !== 'slurm') return {};
  const text = (v: string) => (v.trim() ? v.trim() : undefined);
  const slurm = {
    partition: text(form.slurmPartition),
    timeLimit: text(form.slurmTimeLimit),
    cpus: form.slurmCpus.trim() === '' ? undefined : ((Number.isFinite(Number(form.slurmCpus)) ? Number(form.slurmCpus) : form.slurmCpus.trim()) as number),
    gres: text(form.slurmGres),
    sharedDir: text(form.slurmSharedDir),
  };
  const filled = Object.fromEntries(Object.entries(slurm).filter(([, v]) => v !== undefined));
  return { executor: 'slurm', ...(Object.keys(filled).length ? { slurm: filled } : {}) };
}

export function executorToForm(config: Partial<RunConfigInput>, f: RunFormState): void {
  f.executor = config.executor === 'slurm' ? 'slurm' : 'local';
  const p = config.slurm ?? {};
  f.slurmPartition = p.partition ?? '';
  f.slurmTimeLimit = p.timeLimit ?? '';
  f.slurmCpus = p.cpus === undefined ? '' : String(p.cpus);
  f.slurmGres = p.gres ?? '';
  f.slurmSharedDir = p.sharedDir ?? '';
}
