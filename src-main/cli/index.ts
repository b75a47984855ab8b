// Headless entry point (`npx distill-studio …`): serve, train, runs, datasets, setup-backend,
// doctor. Every subcommand accepts --data-dir; errors print as one readable line with a non-zero
// exit code. Commands that write or start work own the data folder (one owner at a time,
// services/data-folder-lock.ts); listings and export open it as readers and never change a run.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import { bootServices } from '../services/boot';
import { resolveDataDir } from '../services/data-dir';
import { DataFolderInUseError } from '../services/data-folder-lock';
import { describeResource, resourceKind } from '../services/resource-errors';
import type { StudioServices } from '../services/studio-services';
import { demoCommand } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { exportCommand, importBundleCommand } from './commands/export';
import { addDatasetCommands } from './commands/datasets';
import { runsDelete, runsList, runsShow } from './commands/listings';
import { runsCompare } from './commands/runs-compare';
import { serveCommand } from './commands/serve';
import { setupBackendCommand } from './commands/setup-backend';
import { trainCommand } from './commands/train';
import { workerCommand } from './commands/worker';
import { CliError } from './output';

const VERSION = '0.1.0';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

/** "1,2,3" → [1, 2, 3]: distinct whole numbers ≥ 0, at most 10. */
function seedList(value: string): number[] {
  const parts = value.split(/[\s,]+/).filter(Boolean);
  const seeds = parts.map(Number);
  if (!parts.length || seeds.some((n) => !Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1))
    throw new InvalidArgumentError('expected seeds as whole numbers ≥ 0, e.g. 1,2,3');
  if (new Set(seeds).size !== seeds.length) throw new InvalidArgumentError('a seed is listed twice');
  if (seeds.length > 10) throw new InvalidArgumentError('at most 10 seeds');
  return seeds;
}

function intOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number (0-65535)');
  return n;
}

/** Commands that only read the data folder: no lock, no recovery, no queue. */
const READ_ONLY = new Set(['runs list', 'runs show', 'runs compare', 'datasets list', 'datasets show', 'export']);

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Exit code when another process owns the data folder. */
export const EXIT_IN_USE = 3;

/** Boots the services for one command and always shuts them down afterwards. */
async function withServices(
  dataDirFlag: string | undefined,
  mode: 'cli' | 'browser',
  command: string,
  fn: (s: StudioServices) => Promise<number>,
): Promise<number> {
  const dataDir = resolveDataDir({ argv: dataDirFlag ? ['--data-dir', dataDirFlag] : [], env: process.env });
  const role = READ_ONLY.has(command) ? 'reader' : 'owner';
  let services: StudioServices;
  try {
    services = await bootServices({
      dataDir,
      mode,
      role,
      ownerCommand: `distill-studio ${command}`,
      appVersion: VERSION,
      probeBackend: mode === 'browser',
      workerEntry: join(__dirname, 'worker.js'),
    });
  } catch (e) {
    if (e instanceof DataFolderInUseError) throw new CliError(e.message, EXIT_IN_USE);
    const kind = resourceKind(e);
    if (kind) throw new CliError(describeResource(kind, 'opening the data folder', dataDir, 'try again'));
    throw e;
  }
  // SIGTERM (a service manager, `kill`): stop like Ctrl-C on `serve` — workers checkpoint, runs
  // become resumable, the lock is released. `serve` and `train` handle SIGINT themselves.
  let terminated = false;
  const onTerm = () => {
    terminated = true;
    void services.shutdown({ graceMs: 10_000 });
  };
  if (role === 'owner' && command !== 'serve') process.once('SIGTERM', onTerm);
  try {
    const code = await fn(services);
    return terminated ? 143 : code;
  } finally {
    process.off('SIGTERM', onTerm);
    await services.shutdown({ graceMs: 10_000 });
  }
}

/** One line for an error that reached the top: resource errors in plain words, never a stack. */
export function topLevelMessage(e: unknown): string {
  const kind = resourceKind(e);
  if (kind) return describeResource(kind, 'working in the data folder', 'the data folder', 'try again');
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('distill-studio')
    .description('Run and compare knowledge-distillation experiments (KD, AT, NST) from the terminal.')
    .version(VERSION)
    .option('--data-dir <dir>', 'data folder (default: $DISTILL_STUDIO_HOME or ~/.distill-studio)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const dataDir = (cmd: Command): string | undefined => cmd.optsWithGlobals().dataDir;
  const run = (cmd: Command, mode: 'cli' | 'browser', fn: (s: StudioServices) => Promise<number>) =>
    withServices(dataDir(cmd), mode, commandPath(cmd), fn).then(setExit);

  program
    .command('serve')
    .description('serve the app to a browser (loopback only unless --host is given)')
    .option('--port <port>', 'port (0 = any free port)', intOption, 5757)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'data folder')
    .action((opts, cmd: Command) => run(cmd, 'browser', (s) => serveCommand(s, opts)));

  program
    .command('train <config>')
    .description('train one run from a YAML or JSON config (see examples/)')
    .option('--json', 'print one JSON object with the run id, status and final metrics')
    .option('--executor <name>', 'local (worker processes here, the default) or slurm (a Slurm job; see docs/cluster.md)')
    .option('--profile <file>', 'Slurm profile (YAML/JSON): partition, account, qos, time limit, cpus, memory, gres, shared folder')
    .option('--detach', 'with --executor slurm: return once the job is submitted')
    .option('--seeds <list>', 'one run per seed (e.g. 1,2,3), tagged as one seed group, then mean ± std over them', seedList)
    .option('--data-dir <dir>', 'data folder')
    .action((file: string, opts, cmd: Command) => run(cmd, 'cli', (s) => trainCommand(s, file, opts)));

  program
    .command('demo')
    .description('the built-in demo on bundled MNIST: teacher → baseline → KD → NST-poly → KD+NST, then a summary table')
    .option('--dataset <id|name>', 'another dataset of the library instead of the bundled digits')
    .option('--paper-weights', "keep the papers' term weights (KD α = 0.9, NST λ = 50) instead of balancing them against CE at the start")
    .option('--epochs <n>', 'epochs per student run (the teacher trains twice as many)', positiveInt)
    .option('--samples <n>', 'training images per student run (the teacher trains on twice as many)', positiveInt)
    .option('--seeds <list>', 'run the demo once per seed, e.g. 1,2,3, and summarise: mean ± std, and the paired difference against the baseline', seedList)
    .option('--json', 'print the table as JSON')
    .option('--data-dir <dir>', 'data folder')
    .action((opts, cmd: Command) => run(cmd, 'cli', (s) => demoCommand(s, opts)));

  const runs = program.command('runs').description('browse the run history');
  runs
    .command('list')
    .option(
      '--filter <key=value>',
      'keep runs where method, kind, status, dataset, model, tag or teacher matches (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--sort <column>', 'created, name, status, acc, best or gap, optionally :asc or :desc (default: created, newest first)')
    .option('--json', 'print a JSON array')
    .option('--data-dir <dir>', 'data folder')
    .action((opts, cmd: Command) => run(cmd, 'cli', (s) => runsList(s, opts)));
  runs
    .command('show <id>')
    .description('one run: config, terms, gap recovered, status, backend and metrics (id, unique prefix or name)')
    .option('--json', 'print a JSON object')
    .option('--data-dir <dir>', 'data folder')
    .action((id: string, opts, cmd: Command) => run(cmd, 'cli', (s) => runsShow(s, id, opts)));
  runs
    .command('compare <runs...>')
    .description(
      'runs side by side for a paper: ids, prefixes, names or group:<id> tags; a seed group is one entry (mean ± std), Δ against the baseline paired by seed',
    )
    .option('--format <format>', 'md (GFM table) | csv | latex (tabular) | json', 'md')
    .option('--baseline <run>', 'the entry differences are taken against (default: the first run without a teacher)')
    .option('--data-dir <dir>', 'data folder')
    .action((refs: string[], opts, cmd: Command) => run(cmd, 'cli', (s) => runsCompare(s, refs, opts)));
  runs
    .command('delete <ids...>')
    .description('delete runs with their metrics and files (ids, unique prefixes or names; not running runs, not teachers of kept runs)')
    .option('--json', 'print { deleted } as JSON')
    .option('--data-dir <dir>', 'data folder')
    .action((ids: string[], opts, cmd: Command) => run(cmd, 'cli', (s) => runsDelete(s, ids, opts)));

  program
    .command('export <run>')
    .description(
      'export a run (id, prefix or name): its model (onnx or tfjs, raw pixels in, logits out, verified against the app), metrics (csv, json) or a bundle',
    )
    .option('--format <format>', 'onnx | tfjs | csv | json | bundle', 'tfjs')
    .option(
      '--out <path>',
      'destination folder (onnx, tfjs) or file (csv, json, bundle); default: <run name>-<id>-onnx, -model, -metrics.csv, -metrics.json or .distill here',
    )
    .option('--json', 'print one JSON object with the result')
    .option('--data-dir <dir>', 'data folder')
    .action((id: string, opts, cmd: Command) => run(cmd, 'cli', (s) => exportCommand(s, id, opts)));
  runs
    .command('import <bundle>')
    .description('import a run bundle written by `export --format bundle`')
    .option('--json', 'print the imported run as JSON')
    .option('--data-dir <dir>', 'data folder')
    .action((file: string, opts, cmd: Command) => run(cmd, 'cli', (s) => importBundleCommand(s, file, opts)));

  program
    .command('setup-backend')
    .description('build the native TensorFlow backend (about 250 MB download, 700 MB on disk); workers use it once installed')
    .option('--tf-version <version>', 'TensorFlow release to build against (default 2.16.2: 2.17+ rounds int32 wrongly)')
    .option('--gpu', 'build the CUDA variant (tensorflow + its nvidia-*-cu12 wheels: about 4 GB download)')
    .option('--force', 'rebuild even when this version is installed')
    .option('--json', 'print one JSON object with the result')
    .action((opts) => setupBackendCommand(opts).then(setExit));

  program
    .command('doctor')
    .description('which training backend a worker gets and why, GPU driver and CUDA findings, and how to fix problems')
    .option('--json', 'print one JSON object')
    .action((opts) => doctorCommand(opts).then(setExit));

  program
    .command('worker')
    .description('run a job folder staged by the app on a cluster node (what a Slurm job runs; see docs/cluster.md)')
    .requiredOption('--job <dir>', 'the job folder (job.json, dataset, checkpoints, metrics.jsonl, logs.jsonl)')
    .action((opts) => workerCommand(opts, join(__dirname, 'worker.js')).then(setExit));

  addDatasetCommands(program, (cmd, fn) => run(cmd, 'cli', fn));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((c) => (exitCode = c));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2; // commander already printed it
    process.stderr.write(`distill-studio: error: ${topLevelMessage(e)}\n`);
    if (!(e instanceof CliError) && e instanceof Error && process.env.DISTILL_STUDIO_DEBUG) process.stderr.write(`${e.stack}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

if (require.main === module) {
  // Last resort: an error no code path caught is one line, then a clean exit (the data-folder lock
  // is released by its exit hook). The real paths handle their errors; this only keeps a stack
  // trace away from the terminal if one is missed.
  const lastResort = (e: unknown) => {
    process.stderr.write(`distill-studio: unexpected error: ${topLevelMessage(e)}\n`);
    if (e instanceof Error && process.env.DISTILL_STUDIO_DEBUG) process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', lastResort);
  process.on('unhandledRejection', lastResort);
  main(process.argv).then((code) => process.exit(code));
}
