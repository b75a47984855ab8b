// One data folder, one owner. The process that writes to a data folder and runs its queue (the
// desktop app, `serve`, or a CLI command that trains or imports) holds `owner.lock` in it; a
// second owner is refused with a message naming the first. Read-only commands take no lock.
//
// The lock file is created atomically (a hard link of a fully written temp file, so nobody ever
// reads a half-written lock). A lock whose process is gone (same host, PID dead or reused) is
// stale and is taken over; the takeover itself is serialised by an exclusive `owner.lock.takeover`
// file, and the taker re-reads the lock inside it, so two processes that both found the same
// stale lock cannot both win.
import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processStartTime, sameProcessAlive } from '../process-identity';

export const LOCK_FILE = 'owner.lock';

export interface OwnerInfo {
  pid: number;
  /** What the owner is, for people: `distill-studio serve`, `Distill Studio desktop app`… */
  command: string;
  startedAt: string;
  hostname: string;
  /** Kernel start time of the owner (Linux), to tell a reused PID from the owner. */
  processStart: string | null;
  token: string;
}

export interface DataFolderLock {
  readonly file: string;
  readonly owner: OwnerInfo;
  release(): void;
}

export class DataFolderInUseError extends Error {
  readonly code = 'DATA_FOLDER_IN_USE';
  constructor(
    readonly dataDir: string,
    readonly owner: OwnerInfo,
  ) {
    super(describeOwner(dataDir, owner));
    this.name = 'DataFolderInUseError';
  }
}

/**
 * Lock files held by this process (a second boot on the same folder in one process is refused
 * too). Process-wide, not per module instance: two bundled copies of this module must agree.
 */
const registry = ((globalThis as Record<symbol, unknown>)[Symbol.for('distill-studio.data-folder-locks')] ??= {
  held: new Map<string, DataFolderLock>(),
  exitHookInstalled: false,
}) as { held: Map<string, DataFolderLock>; exitHookInstalled: boolean };
const held = registry.held;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toTimeString().slice(0, 8);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return d.toDateString() === new Date().toDateString() ? time : `${day} ${time}`;
}

export function describeOwner(dataDir: string, owner: OwnerInfo): string {
  const elsewhere = owner.hostname !== hostname();
  const where = elsewhere ? ` on host ${owner.hostname}` : '';
  const hint = elsewhere ? ` (if that process is gone, delete ${join(dataDir, LOCK_FILE)})` : '';
  return `data folder ${dataDir} is in use by \`${owner.command}\` (PID ${owner.pid}${where}, since ${clock(owner.startedAt)}); stop it or use another --data-dir${hint}`;
}

type ReadResult = { state: 'missing' } | { state: 'unreadable'; raw: string } | { state: 'ok'; raw: string; info: OwnerInfo };

function readLock(file: string): ReadResult {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw e;
  }
  try {
    const info = JSON.parse(raw) as OwnerInfo;
    if (Number.isInteger(info.pid) && typeof info.command === 'string') return { state: 'ok', raw, info };
  } catch {
    // fall through: a lock written by hand or truncated by a crash of the file system
  }
  return { state: 'unreadable', raw };
}

/** Is the process named in a lock still the owner? Another host's process cannot be checked: assume yes. */
function ownerAlive(file: string, info: OwnerInfo): boolean {
  if (info.hostname !== hostname()) return true;
  if (info.pid === process.pid) return held.has(file) && held.get(file)!.owner.token === info.token;
  return sameProcessAlive(info.pid, info.processStart);
}

function tempFile(file: string): string {
  return `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
}

/** Creates the lock only if there is none; false when one exists. */
function createExclusive(file: string, raw: string): boolean {
  const tmp = tempFile(file);
  writeFileSync(tmp, raw);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
    // File systems without hard links: an exclusive create (a reader may briefly see it empty).
    try {
      writeFileSync(file, raw, { flag: 'wx' });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/** Replaces the stale lock `seenRaw` with ours, unless someone changed it meanwhile. */
function takeOver(file: string, seenRaw: string, raw: string): boolean {
  const guard = `${file}.takeover`;
  try {
    writeFileSync(guard, JSON.stringify({ pid: process.pid, processStart: processStartTime(process.pid) }), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    clearStaleGuard(guard);
    return false;
  }
  try {
    const now = readLock(file);
    if (now.state === 'missing') return createExclusive(file, raw);
    if (now.raw !== seenRaw) return false; // another process took over first: re-examine its lock
    const tmp = tempFile(file);
    writeFileSync(tmp, raw);
    renameSync(tmp, file);
    return true;
  } finally {
    unlinkSync(guard);
  }
}

/** A takeover guard left by a process that died inside the takeover (a few lines of code) is removed. */
function clearStaleGuard(guard: string): void {
  try {
    const { pid, processStart } = JSON.parse(readFileSync(guard, 'utf8')) as { pid: number; processStart: string | null };
    const old = Date.now() - statSync(guard).mtimeMs > 10_000;
    if (old && !sameProcessAlive(pid, processStart)) unlinkSync(guard);
  } catch {
    // being written or already removed: try again later
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function releaseAll(): void {
  for (const lock of [...held.values()]) lock.release();
}

/**
 * Makes this process the owner of `dataDir`, or throws DataFolderInUseError naming the owner.
 * The lock is released by `release()` and, as a last resort, when the process exits.
 */
export function acquireDataFolderLock(dataDir: string, command: string, options: { timeoutMs?: number } = {}): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const owner: OwnerInfo = {
    pid: process.pid,
    command,
    startedAt: new Date().toISOString(),
    hostname: hostname(),
    processStart: processStartTime(process.pid),
    token: randomUUID(),
  };
  const raw = JSON.stringify(owner, null, 2) + '\n';
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    if (createExclusive(file, raw)) return remember(file, owner, raw);
    const found = readLock(file);
    if (found.state === 'ok' && ownerAlive(file, found.info)) throw new DataFolderInUseError(dataDir, found.info);
    // Only the no-hard-link fallback can show a lock mid-write; give its writer a moment.
    const writing = found.state === 'unreadable' && Date.now() - mtimeMs(file) < 2_000;
    if (found.state !== 'missing' && !writing && takeOver(file, found.raw, raw)) return remember(file, owner, raw);
    if (Date.now() > deadline) {
      throw new Error(`could not take over the stale lock ${file} (another process keeps changing it); delete it if no Distill Studio uses ${dataDir}`);
    }
    sleepSync(20 + Math.random() * 30);
  }
}

function remember(file: string, owner: OwnerInfo, raw: string): DataFolderLock {
  let released = false;
  const lock: DataFolderLock = {
    file,
    owner,
    release() {
      if (released) return;
      released = true;
      held.delete(file);
      try {
        if (readFileSync(file, 'utf8') === raw) unlinkSync(file); // never remove a lock that is not ours
      } catch {
        // already gone
      }
    },
  };
  held.set(file, lock);
  if (!registry.exitHookInstalled) {
    registry.exitHookInstalled = true;
    process.on('exit', releaseAll);
  }
  return lock;
}

/** The live owner of a data folder, or null when nobody owns it (no lock, or a stale one). */
export function currentOwner(dataDir: string): OwnerInfo | null {
  const file = join(dataDir, LOCK_FILE);
  const found = readLock(file);
  return found.state === 'ok' && ownerAlive(file, found.info) ? found.info : null;
}
