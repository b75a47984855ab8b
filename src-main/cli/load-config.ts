// Reads a run config file (YAML or JSON) and validates it with the contract's schema, turning
// every problem into a message that names the file and the field.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { describeZodError, RunConfigSchema, type RunConfig } from '../../shared/schemas/run-config';
import { CliError } from './output';

export function loadRunConfig(file: string): RunConfig {
  if (!existsSync(file)) throw new CliError(`config file not found: ${file}`, 2);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    const first = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new CliError(`${file}: not valid YAML/JSON${where}: ${first}`, 2);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CliError(`${file}: a run config must be a mapping of fields (kind, datasetId, model, epochs, ...)`, 2);
  }
  const parsed = RunConfigSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`${file}: invalid run config: ${describeZodError(parsed.error)}`, 2);
  return parsed.data;
}
