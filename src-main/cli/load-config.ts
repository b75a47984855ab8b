// Reads a run config file (YAML or JSON) and validates it with the contract's schema, turning
// every problem into a message that names the file, the field and, where the file has it, the
// line ("epoch: unknown key; did you mean 'epochs'? (line 4)").
import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parse as parseYaml, parseDocument, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { describeZodError, RunConfigSchema, type RunConfig } from '../../shared/schemas/run-config';
import { CliError } from './output';

export function loadRunConfig(file: string): RunConfig {
  if (!existsSync(file)) throw new CliError(`config file not found: ${file}`, 2);
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    const first = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new CliError(`${file}: not valid YAML/JSON${where}: ${first}`, 2);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CliError(`${file}: a run config must be a mapping of fields (kind, datasetId, model, ...)`, 2);
  }
  const parsed = RunConfigSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`${file}: invalid run config: ${describeWithLines(parsed.error, text)}`, 2);
  return parsed.data;
}

/** describeZodError (run-config.ts), each problem followed by the line of its field when found. */
function describeWithLines(error: z.ZodError, text: string): string {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return describeZodError(error, (path) => {
    const node = path.length ? doc.getIn(path as (string | number)[], true) : null;
    const start = node && typeof node === 'object' && 'range' in node ? (node.range as [number, number, number] | undefined)?.[0] : undefined;
    return start === undefined ? '' : ` (line ${lines.linePos(start).line})`;
  });
}
