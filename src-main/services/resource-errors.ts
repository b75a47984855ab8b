// Errors that come from the machine, not from the request: a full disk, a folder the process may
// not write, a read-only file system, an I/O failure, a database locked by another program. They
// become one readable line that says what to do; the stack stays in the log. Used by the request
// dispatcher, the training supervisor and the CLI, so the same failure reads the same everywhere.
import type { ErrorCode } from '../../shared/result';

export type ResourceKind = 'disk_full' | 'no_access' | 'read_only' | 'io' | 'busy';

const BY_CODE: [RegExp, ResourceKind][] = [
  [/^(SQLITE_FULL|ENOSPC|EDQUOT)/, 'disk_full'],
  [/^(SQLITE_READONLY|EROFS)/, 'read_only'],
  [/^(EACCES|EPERM|SQLITE_PERM|SQLITE_AUTH|SQLITE_CANTOPEN)/, 'no_access'],
  [/^(SQLITE_IOERR|EIO|SQLITE_CORRUPT|SQLITE_NOTADB)/, 'io'],
  [/^(SQLITE_BUSY|SQLITE_LOCKED)/, 'busy'],
];

/** The same failures as they appear in text (a worker's `failed` message carries no code). */
const BY_TEXT: [RegExp, ResourceKind][] = [
  [/ENOSPC|EDQUOT|no space left on device|database or disk is full|disk quota exceeded/i, 'disk_full'],
  [/EROFS|read-only file system|attempt to write a readonly database/i, 'read_only'],
  [/EACCES|EPERM|permission denied|operation not permitted/i, 'no_access'],
  [/\bEIO\b|disk I\/O error/i, 'io'],
];

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function resourceKind(e: unknown): ResourceKind | null {
  const code = codeOf(e);
  for (const [re, kind] of BY_CODE) if (re.test(code)) return kind;
  return null;
}

export function resourceKindOfText(text: string): ResourceKind | null {
  for (const [re, kind] of BY_TEXT) if (re.test(text)) return kind;
  return null;
}

/** "disk full while saving metrics of run X: free space in /data and resume the run". */
export function describeResource(kind: ResourceKind, doing: string, dataDir: string, then = 'resume the run'): string {
  switch (kind) {
    case 'disk_full':
      return `disk full while ${doing}: free space in ${dataDir} and ${then}`;
    case 'read_only':
      return `the data folder ${dataDir} is read-only (${doing}): make it writable and ${then}`;
    case 'no_access':
      return `no permission to write in ${dataDir} while ${doing}: check the folder's permissions and ${then}`;
    case 'io':
      return `disk read/write error while ${doing}: check the disk holding ${dataDir} and ${then}`;
    case 'busy':
      return `the database in ${dataDir} is locked by another program while ${doing}: try again`;
  }
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();

/** A readable error for a request that failed unexpectedly (never a raw SQLite or binding message). */
export function describeUnexpected(e: unknown, channel: string, dataDir: string | null): { code: ErrorCode; message: string } {
  const kind = resourceKind(e);
  if (kind) return { code: 'io_error', message: describeResource(kind, `handling ${channel}`, dataDir ?? 'the data folder', 'try again') };
  const code = codeOf(e);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return { code: 'conflict', message: `${channel}: it refers to a run or dataset that does not exist, or one that other runs still use` };
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return { code: 'conflict', message: `${channel}: it conflicts with data already stored` };
  if (code.startsWith('SQLITE_') || /SQLite3 can only bind|Too (few|many) parameter/i.test(firstLine(e))) {
    return { code: 'internal', message: `${channel}: the database refused the request (${code || 'invalid value'}); details are in the log` };
  }
  return { code: 'internal', message: firstLine(e) };
}
