// The data-folder lock on its own: what it writes, who it refuses (a live owner here or in another
// process, an owner on another host), what it takes over (a dead PID, a reused PID, a takeover
// guard left by a crash) and that releasing never removes someone else's lock.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataFolderLock, currentOwner, DataFolderInUseError, LOCK_FILE } from '../../src-main/services/data-folder-lock';
import { processStartTime } from '../../src-main/process-identity';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs('distill-lock-');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
function livePid(): number {
  const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
}
const lockOf = (pid: number, extra: object = {}) =>
  JSON.stringify({
    pid,
    command: 'distill-studio serve',
    startedAt: '2026-01-02T03:04:05.000Z',
    hostname: hostname(),
    processStart: processStartTime(pid),
    token: 't',
    ...extra,
  });

describe('data-folder lock', () => {
  it('writes who owns the folder and removes the lock on release', () => {
    const dir = tempDir();
    const lock = acquireDataFolderLock(dir, 'distill-studio train');
    const stored = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(stored).toMatchObject({ pid: process.pid, command: 'distill-studio train', hostname: hostname() });
    expect(Number.isNaN(Date.parse(stored.startedAt))).toBe(false);
    expect(currentOwner(dir)).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(currentOwner(dir)).toBeNull();
  });

  it('refuses a second owner in this process and a live owner in another, naming it', () => {
    const dir = tempDir();
    const lock = acquireDataFolderLock(dir, 'Distill Studio desktop app');
    expect(() => acquireDataFolderLock(dir, 'distill-studio serve')).toThrow(/in use by `Distill Studio desktop app` \(PID \d+, since \d\d:\d\d:\d\d\)/);
    lock.release();

    const other = tempDir();
    const pid = livePid();
    writeFileSync(join(other, LOCK_FILE), lockOf(pid));
    const e = (() => {
      try {
        acquireDataFolderLock(other, 'distill-studio train');
      } catch (err) {
        return err as DataFolderInUseError;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(DataFolderInUseError);
    expect(e!.code).toBe('DATA_FOLDER_IN_USE');
    const t = new Date('2026-01-02T03:04:05.000Z');
    const since = `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')} ${t.toTimeString().slice(0, 8)}`;
    expect(e!.message).toBe(`data folder ${other} is in use by \`distill-studio serve\` (PID ${pid}, since ${since}); stop it or use another --data-dir`);
  });

  it('refuses an owner on another host, saying which file to delete if it is gone', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), lockOf(deadPid(), { hostname: 'elsewhere' }));
    expect(() => acquireDataFolderLock(dir, 'x')).toThrow(
      new RegExp(`PID \\d+ on host elsewhere.*delete ${join(dir, LOCK_FILE).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it('takes over the lock of a dead owner, of a reused PID, and of this PID from an earlier life', () => {
    for (const stale of [lockOf(deadPid()), lockOf(livePid(), { processStart: '1' }), lockOf(process.pid, { token: 'earlier' })]) {
      const dir = tempDir();
      writeFileSync(join(dir, LOCK_FILE), stale);
      const lock = acquireDataFolderLock(dir, 'distill-studio serve');
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).token).toBe(lock.owner.token);
      lock.release();
    }
  });

  it('clears a takeover guard left by a crashed process, but waits for a live one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), lockOf(deadPid()));
    const guard = join(dir, `${LOCK_FILE}.takeover`);
    writeFileSync(guard, JSON.stringify({ pid: livePid(), processStart: null }));
    expect(() => acquireDataFolderLock(dir, 'x', { timeoutMs: 300 })).toThrow(/could not take over the stale lock/);
    writeFileSync(guard, JSON.stringify({ pid: deadPid(), processStart: null }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    const lock = acquireDataFolderLock(dir, 'x');
    expect(existsSync(guard)).toBe(false);
    lock.release();
  });

  it('release never removes a lock that another owner wrote meanwhile', () => {
    const dir = tempDir();
    const lock = acquireDataFolderLock(dir, 'x');
    writeFileSync(join(dir, LOCK_FILE), lockOf(livePid()));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });

  // Six processes started together on one folder (with a stale lock, and with none): exactly one
  // wins. The children load this TypeScript module through jiti (a dependency of the build tools);
  // without it the test is skipped.
  it('exactly one of six processes racing for a folder wins', async (ctx) => {
    let jiti: string;
    try {
      jiti = require.resolve('jiti');
    } catch {
      ctx.skip();
      return;
    }
    const racer = `
      const { createJiti } = require(process.env.JITI);
      const { acquireDataFolderLock } = createJiti(process.env.LOCK_MODULE)(process.env.LOCK_MODULE);
      const start = Number(process.argv[2]);
      while (Date.now() < start) {}
      try {
        const lock = acquireDataFolderLock(process.argv[1], 'racer');
        process.stdout.write('WON');
        setTimeout(() => lock.release(), 1500);
      } catch (e) {
        process.stdout.write(e.code === 'DATA_FOLDER_IN_USE' ? 'LOST' : 'ERR ' + e.message);
      }`;
    for (const withStaleLock of [true, false]) {
      const dir = tempDir();
      mkdirSync(dir, { recursive: true });
      if (withStaleLock) writeFileSync(join(dir, LOCK_FILE), lockOf(deadPid()));
      const start = String(Date.now() + 3000);
      const env = { ...process.env, JITI: jiti, LOCK_MODULE: join(__dirname, '../../src-main/services/data-folder-lock.ts') };
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => {
          const c = spawn(process.execPath, ['-e', racer, dir, start], { env, stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          c.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
          c.stderr.setEncoding('utf8').on('data', (t: string) => (out += t));
          return new Promise<string>((r) => c.once('exit', () => r(out)));
        }),
      );
      expect(
        outcomes.filter((o) => o === 'WON'),
        outcomes.join(' | '),
      ).toHaveLength(1);
      expect(
        outcomes.filter((o) => o === 'LOST'),
        outcomes.join(' | '),
      ).toHaveLength(5);
    }
  }, 60_000);
});
