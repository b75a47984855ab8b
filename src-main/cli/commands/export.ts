// `distill-studio export <run-id> --format onnx|tfjs [--out DIR]`: writes a completed run's model
// as ONNX or a TF.js layers model (raw pixels in, logits out) with model-card.json, verifies it in
// a worker against the app's own model on the test split (validation when there is none), and
// exits 1 when it does not match. Also metrics (csv/json) and run bundles.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StudioServices } from '../../services/studio-services';
import { CliError, failWith, printJson } from '../output';
import { resolveRunId } from './listings';

/** Without --out: `<run name>-<id prefix>` in the current folder, named for the format. */
async function defaultOut(services: StudioServices, id: string, format: string): Promise<string> {
  const run = await services.invoke('runs:get', { id });
  const name = run.ok
    ? run.value.name
        .replace(/[^\w.-]+/g, '_')
        .replace(/^[._]+/, '')
        .slice(0, 60)
    : 'run';
  const base = `${name || 'run'}-${id.slice(0, 8)}`;
  const suffix: Record<string, string> = { tfjs: '-model', onnx: '-onnx', csv: '-metrics.csv', json: '-metrics.json', bundle: '.distill' };
  return `${base}${suffix[format] ?? ''}`;
}

export async function exportCommand(services: StudioServices, idOrPrefix: string, opts: { format: string; out?: string; json?: boolean }): Promise<number> {
  const id = await resolveRunId(services, idOrPrefix);
  const out = resolve(opts.out ?? (await defaultOut(services, id, opts.format)));
  if (opts.format === 'tfjs' || opts.format === 'onnx') {
    const r = await services.invoke('export:model', { id, dir: out, format: opts.format });
    if (!r.ok) failWith(r.error);
    const v = r.value;
    if (opts.json) printJson({ id, ...v });
    else {
      const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(2)} %`);
      const splitName = v.split === 'test' ? 'test split' : 'validation split (the dataset has no test split)';
      const runtime = v.format === 'onnx' ? 'onnxruntime' : 'the reloaded TF.js model';
      process.stdout.write(`Exported ${v.files.join(', ')} (${v.bytes.toLocaleString('en-US')} bytes) to ${v.dir}\n`);
      process.stdout.write(`Scored ${v.samples} images of the ${splitName}: ${runtime} ${pct(v.verifiedAccuracy)}, app ${pct(v.appAccuracy)}`);
      process.stdout.write(
        `${v.split === 'val' ? ` (run recorded ${pct(v.runAccuracy)})` : ''}; max |logit difference| ${v.maxLogitDiff.toExponential(2)} — ${v.matches ? 'match' : 'MISMATCH'}\n`,
      );
    }
    return r.value.matches ? 0 : 1;
  }
  if (opts.format === 'csv' || opts.format === 'json') {
    const r = await services.invoke('export:metrics', { ids: [id], format: opts.format });
    if (!r.ok) failWith(r.error);
    writeFileSync(out, r.value.content);
    if (opts.json) printJson({ id, file: out, bytes: Buffer.byteLength(r.value.content) });
    else process.stdout.write(`Wrote metrics to ${out}\n`);
    return 0;
  }
  if (opts.format === 'bundle') {
    const r = await services.invoke('export:bundle', { id, file: out });
    if (!r.ok) failWith(r.error);
    if (opts.json) printJson({ id, ...r.value });
    else process.stdout.write(`Wrote run bundle (${r.value.bytes.toLocaleString('en-US')} bytes) to ${r.value.file}\n`);
    return 0;
  }
  throw new CliError(`unknown export format '${opts.format}' (use onnx, tfjs, csv, json or bundle)`, 2);
}

export async function importBundleCommand(services: StudioServices, file: string, opts: { json?: boolean }): Promise<number> {
  const r = await services.invoke('import:bundle', { file: resolve(file) });
  if (!r.ok) failWith(r.error);
  if (opts.json) printJson(r.value);
  else process.stdout.write(`Imported run ${r.value.id} (${r.value.name}, ${r.value.status})\n`);
  return 0;
}
