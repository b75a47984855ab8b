// Errors of the import path, phrased for the person who chose the files: every message names the
// file and the problem ("data_batch_3.bin: truncated: 30,000,000 bytes, expected a multiple of
// 3,073"). They are StudioFailures, so they cross every transport as `{ code, message }` data.
import { StudioFailure } from '../../shared/result';

/** 30000000 → "30,000,000" (the same on every machine, whatever its locale). */
export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Pluralises a count: plural(3, 'file') → "3 files". */
export const plural = (n: number, word: string, many = `${word}s`): string => `${fmtInt(n)} ${n === 1 ? word : many}`;

/** Bad input: the file (as the user would recognise it) and what is wrong with it. */
export const badInput = (file: string, problem: string): StudioFailure => new StudioFailure('invalid_input', `${file}: ${problem}`);

/** Thrown when an import is cancelled; the pipeline has removed everything it wrote. */
export class ImportCancelled extends StudioFailure {
  constructor() {
    super('cancelled', 'import cancelled: nothing was added to the library');
    this.name = 'ImportCancelled';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelled();
}

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist (a part of the path is not a folder)',
  EACCES: 'is not readable (permission denied)',
  EPERM: 'is not readable (operation not permitted)',
  EISDIR: 'is a folder, expected a file',
  ELOOP: 'is not readable (too many symbolic links)',
  EIO: 'is not readable (input/output error: damaged disk or unplugged drive?)',
  EMFILE: 'could not be opened (too many open files)',
};

const WRITE_PROBLEMS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the data folder is on a read-only disk',
  EACCES: 'the data folder is not writable (permission denied)',
  EPERM: 'the data folder is not writable (operation not permitted)',
  EIO: 'input/output error (damaged disk or unplugged drive?)',
};

const codeOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

/** What went wrong reading a file, without its name ("is not readable (permission denied)"). */
export const readProblem = (e: unknown): string => READ_PROBLEMS[codeOf(e) ?? ''] ?? `could not be read (${firstLine(e)})`;

/** A file-system error while reading `file`, as a StudioFailure naming it; other errors pass through. */
export function readFailure(e: unknown, file: string): unknown {
  if (e instanceof StudioFailure) return e;
  const problem = READ_PROBLEMS[codeOf(e) ?? ''];
  if (!problem) return e;
  return new StudioFailure(codeOf(e) === 'ENOENT' ? 'not_found' : 'io_error', `${file} ${problem}`);
}

/** A failure while writing the dataset's files, as an actionable message; others pass through. */
export function writeFailure(e: unknown, file: string, dataset: string): unknown {
  if (e instanceof StudioFailure) return e;
  const problem = WRITE_PROBLEMS[codeOf(e) ?? ''];
  if (!problem) return e;
  const hint = codeOf(e) === 'ENOSPC' || codeOf(e) === 'EDQUOT' ? ': free some space and import again' : '';
  return new StudioFailure('io_error', `could not store dataset '${dataset}' (writing ${file}): ${problem}${hint}; nothing was added to the library`);
}

/** The first line of a library error message (sharp and zlib append details on further lines). */
export const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
