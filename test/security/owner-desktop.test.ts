// The desktop app as an owner of its data folder, with the real services against the fake
// Electron: it takes the lock, is refused (with a dialog naming the owner) when `serve` or a CLI
// training run already owns the folder, and releases the lock when it quits.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCK_FILE, acquireDataFolderLock } from '../../src-main/services/data-folder-lock';
import { processStartTime } from '../../src-main/process-identity';
import { resetFakeElectron, type FakeElectron } from '../helpers/fake-electron';
import { useTempDirs } from '../helpers/temp-dir';

vi.mock('electron', async () => (await import('../helpers/fake-electron')).fakeElectronModule());

const tempDir = useTempDirs('distill-desktop-owner-');
let fake: FakeElectron;
let holder: ChildProcess | null = null;
const settle = async (ms = 1500) => {
  const end = Date.now() + ms;
  while (Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

beforeEach(() => {
  vi.resetModules();
  fake = resetFakeElectron();
});
afterEach(() => {
  holder?.kill('SIGKILL');
  holder = null;
  vi.unstubAllEnvs();
});

describe('desktop app and the data-folder lock', () => {
  it('owns the folder while it runs and releases it when it quits', async () => {
    const dir = tempDir();
    vi.stubEnv('DISTILL_STUDIO_HOME', dir);
    await import('../../src-main/index');
    fake.app.becomeReady();
    await settle();
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, command: 'Distill Studio desktop app' });
    expect(() => acquireDataFolderLock(dir, 'distill-studio serve')).toThrow(/in use by `Distill Studio desktop app`/);
    fake.app.quit();
    await settle(500);
    expect(fake.app.quitted).toBe(true);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('is refused with a dialog naming the owner when serve already owns the folder', async () => {
    const dir = tempDir();
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const owner = {
      pid: holder.pid!,
      command: 'distill-studio serve',
      startedAt: new Date().toISOString(),
      hostname: hostname(),
      processStart: processStartTime(holder.pid!),
      token: 'serve',
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(owner));
    vi.stubEnv('DISTILL_STUDIO_HOME', dir);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await import('../../src-main/index');
    fake.app.becomeReady();
    await settle(500);
    expect(fake.dialog.errors).toHaveLength(1);
    const { content } = fake.dialog.errors[0]!;
    expect(content).toMatch(/^Another Distill Studio process is using this data folder\./);
    expect(content).toContain(`is in use by \`distill-studio serve\` (PID ${holder.pid}, since `);
    expect(content).not.toMatch(/\n\s+at /);
    expect(fake.app.quitted).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).token).toBe('serve'); // untouched
    expect(existsSync(join(dir, 'studio.db'))).toBe(false); // nothing was opened, nothing recovered
    consoleError.mockRestore();
  }, 60_000);
});
