// Turns a failure to start the services into a message a person can act on, for the error box
// shown before quitting. No stack traces: the user cannot act on one, and the full error still
// goes to the log.
import { resourceKind } from '../services/resource-errors';

interface ErrorLike {
  code?: unknown;
  message?: unknown;
}

// Codes are classified as everywhere else (services/resource-errors.ts); a damaged database is
// told apart from other I/O failures because its fix differs.
const SQLITE_DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** The first line of the error message, trimmed: later lines are usually stack frames. */
function firstLine(err: ErrorLike): string {
  const message = typeof err.message === 'string' ? err.message : String(err);
  return message.split('\n')[0]!.trim();
}

export function describeBootError(error: unknown, dataDir: string): string {
  const err: ErrorLike = typeof error === 'object' && error !== null ? error : { message: String(error) };
  const code = typeof err.code === 'string' ? err.code : '';
  const detail = firstLine(err);
  const dataHint = `Data folder: ${dataDir}\nYou can start with another folder using --data-dir <folder>.`;

  if (code === 'DATA_FOLDER_IN_USE') {
    // Another process owns the folder (services/data-folder-lock.ts); the message names it.
    return `Another Distill Studio process is using this data folder.\n${detail}\n\n${dataHint}`;
  }
  if (/newer than|newer version|newer Distill Studio/i.test(detail)) {
    return `This data folder was written by a newer version of Distill Studio.\n${detail}\n\n${dataHint}`;
  }
  if (SQLITE_DAMAGED.has(code) || /not a SQLite database|not a database|is corrupt|malformed/i.test(detail)) {
    return (
      `The Distill Studio database (studio.db) is damaged or is not a Distill Studio database.\n` +
      `${detail}\nMove studio.db out of the data folder to start with an empty one, or restore a backup.\n\n${dataHint}`
    );
  }
  const kind = resourceKind(err);
  if (kind === 'busy') {
    return `The database is in use by another program (perhaps the Distill Studio command line).\n` + `Close it and start again.\n\n${dataHint}`;
  }
  if (kind === 'no_access' || kind === 'read_only') {
    return `Distill Studio cannot open or write its data folder (${detail}).\n` + `Check the folder's permissions.\n\n${dataHint}`;
  }
  if (kind === 'disk_full') {
    return `The disk holding the data folder is full. Free some space and start again.\n\n${dataHint}`;
  }
  return `Distill Studio could not start: ${detail || 'unknown error'}\n\n${dataHint}`;
}
