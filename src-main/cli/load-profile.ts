// Reads a Slurm profile file (YAML or JSON, docs/cluster.md) for `train --profile` and checks it
// with the same schema the app uses, one readable line per problem.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describeZodError } from '../../shared/schemas/run-config';
import { SlurmProfileSchema, type SlurmProfile } from '../../shared/schemas/slurm-profile';
import { CliError } from './output';

export function loadSlurmProfile(file: string): SlurmProfile {
  if (!existsSync(file)) throw new CliError(`Slurm profile not found: ${file}`, 2);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${file}: not valid YAML/JSON: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`, 2);
  }
  const parsed = SlurmProfileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new CliError(`${file}: invalid Slurm profile: ${describeZodError(parsed.error)}`, 2);
  return parsed.data;
}
