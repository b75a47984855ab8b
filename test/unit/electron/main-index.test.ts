// The composition root (src-main/index.ts) against the fake Electron: what it registers before
// and after 'ready', how it boots the services, and what happens when that fails.
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS, ipcChannelName, type EventChannel, type EventPayloads } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import type { BootOptions, StudioEventListener } from '../../../src-main/services/studio-services';
import { resetFakeElectron, type FakeElectron } from '../../helpers/fake-electron';

const boot = vi.hoisted(() => ({
  impl: null as null | ((options: unknown) => Promise<unknown>),
  calls: [] as unknown[],
}));

vi.mock('electron', async () => (await import('../../helpers/fake-electron')).fakeElectronModule());
vi.mock('../../../src-main/services/boot', () => ({
  bootServices: (options: unknown) => {
    boot.calls.push(options);
    return boot.impl!(options);
  },
}));

const SRC_MAIN = resolve(__dirname, '../../../src-main');
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function fakeServices() {
  const listeners = new Set<StudioEventListener>();
  const shutdownCalls: unknown[] = [];
  const invokeCalls: [string, unknown][] = [];
  return {
    dataDir: '/fake/user-data',
    invoke: (async (channel: string, input: unknown) => {
      invokeCalls.push([channel, input]);
      return ok({ channel });
    }) as never,
    onEvent(listener: StudioEventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async shutdown(options?: { graceMs?: number }) {
      shutdownCalls.push(options);
    },
    emit<E extends EventChannel>(event: E, payload: EventPayloads[E]) {
      for (const l of listeners) l(event, payload);
    },
    shutdownCalls,
    invokeCalls,
  };
}

let fake: FakeElectron;
let services: ReturnType<typeof fakeServices>;

async function startMain(setup: (fake: FakeElectron) => void = () => undefined): Promise<void> {
  setup(fake);
  await import('../../../src-main/index');
}

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv('DISTILL_STUDIO_HOME', undefined);
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
  fake = resetFakeElectron();
  services = fakeServices();
  boot.calls = [];
  boot.impl = async () => services;
});

afterEach(() => vi.unstubAllEnvs());

describe('src-main/index.ts', () => {
  it('registers the app:// scheme and the single-instance lock before ready, and nothing else', async () => {
    await startMain();
    expect(fake.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(fake.app.lockRequests).toBe(1);
    expect(boot.calls).toEqual([]);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.BrowserWindow.instances).toEqual([]);
  });

  it('on ready boots the services with the Electron settings', async () => {
    await startMain();
    fake.app.becomeReady();
    await flush();
    expect(boot.calls).toHaveLength(1);
    const options = boot.calls[0] as BootOptions;
    expect(options).toMatchObject({
      dataDir: resolve('/fake/user-data'),
      mode: 'electron',
      workerEntry: join(SRC_MAIN, 'worker.js'),
      appVersion: '0.1.0',
      electronVersion: process.versions.electron ?? null,
    });
    // the spawner it was given forks utility processes
    options.spawnWorker!('/w.js', { env: {}, serviceName: 'probe' });
    expect(fake.utilityProcess.forks.map((f) => f.modulePath)).toEqual(['/w.js']);
  });

  it('takes the data folder from --data-dir or DISTILL_STUDIO_HOME before userData', async () => {
    vi.stubEnv('DISTILL_STUDIO_HOME', '/srv/studio-home');
    await startMain();
    fake.app.becomeReady();
    await flush();
    expect((boot.calls[0] as BootOptions).dataDir).toBe(resolve('/srv/studio-home'));
  });

  it('wires protocol, IPC, events and the window after boot', async () => {
    await startMain();
    fake.app.becomeReady();
    await flush();

    expect([...fake.protocol.handlers.keys()]).toEqual(['app']);
    expect(fake.session.defaultSession.headersListener).not.toBeNull();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(REQUEST_CHANNELS.map(ipcChannelName).sort());

    const [win] = fake.BrowserWindow.instances;
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    expect(win!.loadedUrls).toEqual(['app://studio/index.html']);
    expect(win!.options.webPreferences).toMatchObject({
      preload: join(SRC_MAIN, '..', 'preload', 'index.js'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });

    // a request from the app page reaches the services; one from elsewhere does not
    expect(await fake.ipcMain.invoke('studio:runs:get', 'app://studio/index.html', { id: 'r1' })).toEqual(ok({ channel: 'runs:get' }));
    const refused = (await fake.ipcMain.invoke('studio:runs:get', 'https://evil.example/', { id: 'r1' })) as {
      ok: boolean;
    };
    expect(refused.ok).toBe(false);
    expect(services.invokeCalls).toEqual([['runs:get', { id: 'r1' }]]);

    services.emit('datasets:changed', { datasets: [] });
    expect(win!.webContents.sent).toEqual([{ channel: 'studio-event:datasets:changed', payload: { datasets: [] } }]);

    // the protocol serves the renderer folder next to the main bundle (404 here: not built)
    const res = await fake.protocol.handlers.get('app')!(new Request('app://studio/../../package.json'));
    expect(res.status).toBe(404);
  });

  it('loads the dev server in development but never in a packaged app', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await startMain();
    fake.app.becomeReady();
    await flush();
    expect(fake.BrowserWindow.instances[0]!.loadedUrls).toEqual(['http://localhost:5173']);
    expect(await fake.ipcMain.invoke('studio:system:info', 'http://localhost:5173/')).toEqual(ok({ channel: 'system:info' }));

    vi.resetModules();
    fake = resetFakeElectron();
    await startMain((f) => (f.app.isPackaged = true));
    fake.app.becomeReady();
    await flush();
    expect(fake.BrowserWindow.instances[0]!.loadedUrls).toEqual(['app://studio/index.html']);
    const refused = (await fake.ipcMain.invoke('studio:system:info', 'http://localhost:5173/')) as { ok: boolean };
    expect(refused.ok).toBe(false);
  });

  it('shows a readable error and quits when the services cannot boot', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    boot.impl = async () => {
      throw new Error('Cannot open database /x/studio.db: it is not a SQLite database (unexpected file header)');
    };
    await startMain();
    fake.app.becomeReady();
    await flush();
    expect(fake.dialog.errors).toHaveLength(1);
    expect(fake.dialog.errors[0]!.title).toBe('Distill Studio could not start');
    expect(fake.dialog.errors[0]!.content).toMatch(/damaged/);
    expect(fake.dialog.errors[0]!.content).not.toMatch(/\n\s+at /);
    expect(fake.app.quitted).toBe(true);
    expect(fake.BrowserWindow.instances).toEqual([]);
    expect(fake.ipcMain.handlers.size).toBe(0);
    consoleError.mockRestore();
  });

  it('a second instance quits without booting', async () => {
    await startMain((f) => (f.app.lockAvailable = false));
    fake.app.becomeReady();
    await flush();
    expect(fake.app.quitted).toBe(true);
    expect(boot.calls).toEqual([]);
    expect(fake.BrowserWindow.instances).toEqual([]);
  });

  it('a second launch focuses the existing window', async () => {
    await startMain();
    fake.app.becomeReady();
    await flush();
    const win = fake.BrowserWindow.instances[0]!;
    win.minimized = true;
    fake.app.emit('second-instance');
    expect(win.restoreCalls).toBe(1);
    expect(win.focused).toBe(true);
  });

  it('quitting shuts the services down once, with a 10 s grace period, then quits', async () => {
    await startMain();
    fake.app.becomeReady();
    await flush();
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    await flush();
    expect(services.shutdownCalls).toEqual([{ graceMs: 10_000 }]);
    expect(fake.app.quitted).toBe(true);
  });

  it('closing the last window quits (except on macOS)', async () => {
    await startMain();
    fake.app.becomeReady();
    await flush();
    fake.BrowserWindow.instances[0]!.destroy();
    fake.app.emit('window-all-closed');
    await flush();
    expect(fake.app.quitCalls).toBe(process.platform === 'darwin' ? 0 : 2);
    if (process.platform !== 'darwin') expect(fake.app.quitted).toBe(true);
  });
});
