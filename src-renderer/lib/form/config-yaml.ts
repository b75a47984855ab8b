// The config file as YAML (JSON is valid YAML, so .json files import too). Several seeds travel
// as `seeds: [...]` next to `seed` (the first), so the CLI still reads the file as one run.
import { parse, stringify } from 'yaml';
import type { RunConfigInput } from '../../../shared/schemas/run-config';

export function configToYaml(config: RunConfigInput, seeds: readonly number[] = []): string {
  const doc: Record<string, unknown> = { ...config };
  if (seeds.length > 1) {
    doc.seed = seeds[0];
    doc.seeds = [...seeds];
  }
  return stringify(doc, { lineWidth: 0 });
}

export type YamlParse = { ok: true; config: Partial<RunConfigInput> & { seeds?: number[] } } | { ok: false; error: string };

/** Parse a YAML or JSON config; errors name the line ("line 3: …"). */
export function yamlToConfig(text: string): YamlParse {
  let value: unknown;
  try {
    value = parse(text, { prettyErrors: true });
  } catch (err) {
    const e = err as { message?: string; linePos?: { line: number; col: number }[] };
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : '';
    const first = String(e.message ?? err)
      .split('\n')[0]!
      .replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, error: `${where}${first}` };
  }
  if (value === null || value === undefined) return { ok: false, error: 'the file is empty' };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'a config is a mapping of fields (kind, datasetId, model, …)' };
  const config = value as Record<string, unknown>;
  if (config.seeds !== undefined && (!Array.isArray(config.seeds) || !config.seeds.every((s) => Number.isInteger(s)))) {
    return { ok: false, error: 'seeds: a list of whole numbers, e.g. [1, 2, 3]' };
  }
  return { ok: true, config: config as Partial<RunConfigInput> & { seeds?: number[] } };
}
