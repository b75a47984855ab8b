// `datasets import|list|show|delete`: the dataset library from the terminal. Import detects the
// format (and says what it found), shows a progress bar with ETA on stderr, cancels cleanly on
// Ctrl-C, and prints a summary or, with --json, one JSON object (id, name, format, numClasses,
// numSamples, splits, fingerprint).
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { StudioServices } from '../../services/studio-services';
import type { EventPayloads } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { DatasetImportFormat, DatasetImportResult, DatasetSummary } from '../../../shared/types';
import { CliError, failWith, formatDuration, printJson, table } from '../output';

export interface ImportFlags {
  format: DatasetImportFormat;
  name?: string;
  size?: number;
  channels?: 1 | 3;
  val?: number;
  seed?: number;
  badFiles: 'skip' | 'refuse';
  classNames?: string[];
  json?: boolean;
}

/** "a,b,c", or "@file" with one name per line (blank lines ignored); the file is capped at 1 MB. */
export function parseClassNames(value: string): string[] {
  let text = value;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    if (!existsSync(file) || !statSync(file).isFile()) throw new InvalidArgumentError(`no such file: ${file}`);
    if (statSync(file).size > 1 << 20) throw new InvalidArgumentError(`${file} is over 1 MB: not a list of class names`);
    text = readFileSync(file, 'utf8');
  }
  const names = (value.startsWith('@') ? text.split(/\r?\n/) : text.split(',')).map((s) => s.trim()).filter(Boolean);
  if (names.length < 2) throw new InvalidArgumentError('expected at least two class names, e.g. cat,dog or @names.txt');
  return names;
}

const n = (v: number) => v.toLocaleString('en-US');
const splitsText = (d: DatasetSummary) =>
  Object.entries(d.splits)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
const sizeText = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(bytes / 1e3)} kB`;

/** Follows one import's progress events on stderr: a bar on a terminal, a line every few seconds otherwise. */
function followProgress(services: StudioServices, importId: string, quiet: boolean): () => void {
  if (quiet) return () => undefined;
  const tty = Boolean(process.stderr.isTTY);
  const bar = new SingleBar({ format: ' {bar} {percentage}% | ETA {etaText} | {message}', hideCursor: true, stream: process.stderr });
  let started = false;
  let lastLine = Date.now(); // without a terminal, stay quiet for short imports
  const off = services.onEvent((event, raw) => {
    if (event !== 'dataset:importProgress') return;
    const p = raw as EventPayloads['dataset:importProgress'];
    if (p.importId !== importId || ['done', 'failed', 'cancelled'].includes(p.phase)) return;
    const fields = { etaText: formatDuration(p.etaSeconds), message: p.message };
    const pct = Math.round(p.fraction * 100);
    if (tty) {
      if (!started) bar.start(100, pct, fields);
      started = true;
      bar.update(pct, fields);
    } else if (Date.now() - lastLine > 3000) {
      lastLine = Date.now();
      process.stderr.write(`  ${pct}% ${p.message}, ETA ${fields.etaText}\n`);
    }
  });
  return () => {
    off();
    if (started) bar.stop();
  };
}

const CANCELLED = 'import cancelled: nothing was added to the library';

export async function datasetsImport(services: StudioServices, path: string | undefined, flags: ImportFlags): Promise<number> {
  const absolute = path ? resolve(process.cwd(), path) : '';
  const importId = randomUUID();
  // Ctrl-C from the start: before the import begins it just stops; during it, it cancels cleanly.
  let interrupted = false;
  let importing = false;
  const onSigint = () => {
    interrupted = true;
    if (importing) void services.invoke('datasets:cancelImport', { importId });
  };
  process.once('SIGINT', onSigint);
  let stop: () => void = () => undefined;
  try {
    let format = flags.format;
    if (format === 'auto') {
      const found = await services.invoke('datasets:detect', { path: absolute || process.cwd() });
      if (!found.ok) failWith(found.error);
      if (!flags.json) process.stderr.write(`Detected ${found.value.description}.\n`);
      format = found.value.format;
    }
    if (interrupted) throw new CliError(CANCELLED, 130);
    stop = followProgress(services, importId, Boolean(flags.json));
    importing = true;
    const res = await services.invoke('datasets:import', {
      path: absolute,
      format,
      importId,
      badFiles: flags.badFiles,
      ...(flags.name !== undefined ? { name: flags.name } : {}),
      ...(flags.size !== undefined ? { size: flags.size } : {}),
      ...(flags.channels !== undefined ? { channels: flags.channels } : {}),
      ...(flags.val !== undefined ? { val: flags.val } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.classNames !== undefined ? { classNames: flags.classNames } : {}),
    });
    return report(res, flags);
  } finally {
    process.off('SIGINT', onSigint);
    stop();
  }
}

function report(r: Result<DatasetImportResult>, flags: ImportFlags): number {
  if (!r.ok) {
    if (r.error.message === CANCELLED) throw new CliError(CANCELLED, 130);
    failWith(r.error);
  }
  const { dataset: d, warnings } = r.value;
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (flags.json) {
    const { id, name, format: f, numClasses, numSamples, splits, fingerprint } = d;
    printJson({ id, name, format: f, numClasses, numSamples, splits, fingerprint });
    return 0;
  }
  process.stdout.write(
    `Imported '${d.name}' as ${d.id}: ${d.numClasses} classes, ${n(d.numSamples)} samples (${splitsText(d)}), ${d.shape.join('×')}, ${sizeText(d.bytes)}.\n` +
      `Fingerprint ${d.fingerprint}\n`,
  );
  return 0;
}

export async function datasetsList(services: StudioServices, opts: { json?: boolean }): Promise<number> {
  const res = await services.invoke('datasets:list', {});
  if (!res.ok) failWith(res.error);
  if (opts.json) printJson(res.value);
  else {
    const rows = res.value.map((d) => [
      d.id,
      d.name,
      d.format,
      d.numClasses,
      n(d.numSamples),
      d.shape.join('×'),
      splitsText(d),
      sizeText(d.bytes),
      d.usedBy.length,
    ]);
    process.stdout.write(table(['ID', 'NAME', 'FORMAT', 'CLASSES', 'SAMPLES', 'SHAPE', 'SPLITS', 'SIZE', 'RUNS'], rows) + '\n');
  }
  return 0;
}

/**
 * Accepts a full id, a dataset's name (refused, listing the ids, if several share it) or a unique
 * id prefix. Names come before prefixes: ids start with the name, so a name is often a prefix too.
 */
export async function resolveDatasetId(services: StudioServices, ref: string): Promise<string> {
  const all = await services.invoke('datasets:list', {});
  if (!all.ok) failWith(all.error);
  if (all.value.some((d) => d.id === ref)) return ref;
  const named = all.value.filter((d) => d.name === ref);
  if (named.length === 1) return named[0]!.id;
  if (named.length > 1) throw new CliError(`${named.length} datasets are named '${ref}' (${named.map((d) => d.id).join(', ')}); use an id`, 2);
  const matches = all.value.filter((d) => d.id.startsWith(ref));
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length > 1) throw new CliError(`dataset id prefix '${ref}' is ambiguous (${matches.map((d) => d.id).join(', ')})`, 2);
  throw new CliError(`no dataset with id '${ref}' and none named so (see \`distill-studio datasets list\`)`, 2);
}

export async function datasetsShow(services: StudioServices, idOrPrefix: string, opts: { json?: boolean }): Promise<number> {
  const res = await services.invoke('datasets:get', { id: await resolveDatasetId(services, idOrPrefix) });
  if (!res.ok) failWith(res.error);
  const d = res.value;
  if (opts.json) {
    printJson(d);
    return 0;
  }
  const stat = (v: number[]) => v.map((x) => x.toFixed(4)).join(', ');
  const lines = [
    `Dataset   ${d.id}`,
    `Name      ${d.name}`,
    `Format    ${d.format}${d.source ? ` — ${d.source}` : ''}`,
    `Shape     ${d.shape.join('×')} (height × width × channels), ${d.numClasses} classes`,
    `Splits    ${splitsText(d)}`,
    `Mean/std  ${stat(d.mean)} / ${stat(d.std)} (train, pixels in [0, 1])`,
    `Size      ${sizeText(d.bytes)}`,
    `Content   sha256 ${d.fingerprint}`,
    `Created   ${d.createdAt}`,
    `Used by   ${d.usedBy.length ? d.usedBy.map((r) => `${r.name} (${r.id.slice(0, 8)}, ${r.status})`).join(', ') : 'no runs'}`,
    ...d.warnings.map((w) => `Note      ${w}`),
  ];
  process.stdout.write(lines.join('\n') + '\n\n');
  const splits = Object.keys(d.classCounts);
  const rows = d.classNames.map((name, k) => [k, name, ...splits.map((s) => n(d.classCounts[s]![k] ?? 0))]);
  process.stdout.write(table(['#', 'CLASS', ...splits.map((s) => s.toUpperCase())], rows) + '\n');
  return 0;
}

export async function datasetsDelete(services: StudioServices, idOrPrefix: string, opts: { force?: boolean; json?: boolean }): Promise<number> {
  const id = await resolveDatasetId(services, idOrPrefix);
  const res = await services.invoke('datasets:delete', { id, force: Boolean(opts.force) });
  if (!res.ok) {
    failWith({ ...res.error, message: res.error.message.replace('delete it with force', 'add --force') });
  }
  if (opts.json) printJson(res.value);
  else {
    const kept = res.value.keptRuns.length;
    process.stdout.write(
      `Deleted dataset ${id}.${kept ? ` ${kept === 1 ? '1 run that used it keeps its' : `${kept} runs that used it keep their`} history.` : ''}\n`,
    );
  }
  return 0;
}

type RunIn = (cmd: Command, fn: (s: StudioServices) => Promise<number>) => Promise<void>;

const numberIn =
  (min: number, max: number, integer: boolean) =>
  (value: string): number => {
    const v = Number(value);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw new InvalidArgumentError(`expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    }
    return v;
  };

/** Adds `datasets import|list|show|delete` to the program. */
export function addDatasetCommands(program: Command, run: RunIn): void {
  const datasets = program.command('datasets').description('datasets in the library: import, list, show, delete');
  datasets
    .command('import [path]')
    .description('import a folder of class subfolders, CIFAR-10/100 binary (.tar.gz or .bin) or MNIST-style IDX files')
    .addOption(new Option('--format <format>', 'what the path holds').choices(['auto', 'folder', 'cifar10', 'cifar100', 'idx', 'mnist-demo']).default('auto'))
    .option('--name <name>', 'name in the library (default: from the source)')
    .option('--size <pixels>', 'image folders: height and width to resize to (default 32)', numberIn(4, 512, true))
    .option('--channels <n>', 'image folders: 1 (grey) or 3 (RGB, default)', (v: string) => {
      if (v !== '1' && v !== '3') throw new InvalidArgumentError('expected 1 or 3');
      return Number(v) as 1 | 3;
    })
    .option('--val <share>', 'share of every class carved from train for validation (default 0.1)', numberIn(0, 0.9, false))
    .option('--seed <n>', 'seed of the validation split', numberIn(0, 2 ** 31 - 1, true))
    .option('--class-names <names>', 'class names in label order, "a,b,c" or "@file" (one per line), for formats without names (IDX)', parseClassNames)
    .addOption(new Option('--bad-files <what>', 'image folders: files that are not readable images').choices(['refuse', 'skip']).default('refuse'))
    .option('--json', 'print one JSON object: id, name, format, numClasses, numSamples, splits, fingerprint')
    .option('--data-dir <dir>', 'data folder')
    .action((path: string | undefined, opts, cmd: Command) => run(cmd, (s) => datasetsImport(s, path, opts as ImportFlags)));
  datasets
    .command('list')
    .option('--json', 'print a JSON array')
    .option('--data-dir <dir>', 'data folder')
    .action((opts, cmd: Command) => run(cmd, (s) => datasetsList(s, opts)));
  datasets
    .command('show <dataset>')
    .description('one dataset: source, splits, class counts, mean/std, fingerprint, runs (id, unique prefix or name)')
    .option('--json', 'print a JSON object')
    .option('--data-dir <dir>', 'data folder')
    .action((id: string, opts, cmd: Command) => run(cmd, (s) => datasetsShow(s, id, opts)));
  datasets
    .command('delete <dataset>')
    .description('delete a dataset by id, prefix or name (refused while runs use it, unless --force: the runs keep their history)')
    .option('--force', 'delete even when runs use it')
    .option('--json', 'print a JSON object')
    .option('--data-dir <dir>', 'data folder')
    .action((id: string, opts, cmd: Command) => run(cmd, (s) => datasetsDelete(s, id, opts)));
}
