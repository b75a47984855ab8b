// The built app, not the sources: builds main, preload and renderer with electron-vite into a
// temp folder, loads the main bundle with the fake Electron in place of the real module, and
// checks that the pieces find each other at runtime: the preload and worker files exist where
// the main process looks for them, the app:// protocol serves the real renderer build, and the
// real services answer over IPC. This is the closest to `npm start` this machine can get.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'electron-vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from '../../helpers/fake-electron';

const ROOT = resolve(__dirname, '../../..');
// The build goes under out/ (git-ignored) rather than the OS temp folder: the main bundle keeps
// its dependencies external, and Node finds them only from inside the project.
mkdirSync(join(ROOT, 'out'), { recursive: true });
const outDir = mkdtempSync(join(ROOT, 'out', '.built-app-test-'));
const dataDir = mkdtempSync(join(tmpdir(), 'studio-built-app-data-'));
let fake: FakeElectron;

async function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  await build({ root: ROOT, logLevel: 'silent', build: { outDir } });
  fake = createFakeElectron();
  fake.app.isPackaged = true;
  fake.app.paths.userData = dataDir;
  vi.stubEnv('DISTILL_STUDIO_HOME', undefined);
  // The built bundle is CommonJS: route its require('electron') to the fake.
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? fake : original.call(this, request, ...rest);
  };
  try {
    Module.createRequire(join(outDir, 'main', 'index.js'))(join(outDir, 'main', 'index.js'));
  } finally {
    loader._load = original;
  }
  fake.app.becomeReady();
  await until(() => fake.BrowserWindow.instances.length > 0 || fake.dialog.errors.length > 0, 'the main window');
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  if (fake && !fake.app.quitted) {
    fake.app.quit();
    await until(() => fake.app.quitted, 'quit');
  }
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('built app', () => {
  it('boots without an error box and opens one window on app://studio', () => {
    expect(fake.dialog.errors).toEqual([]);
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    expect(fake.BrowserWindow.instances[0]!.loadedUrls).toEqual(['app://studio/index.html']);
    expect(existsSync(join(dataDir, 'studio.db'))).toBe(true);
  });

  it('points the window at the built preload file', () => {
    const preload = fake.BrowserWindow.instances[0]!.options.webPreferences.preload as string;
    expect(preload).toBe(join(outDir, 'preload', 'index.js'));
    expect(existsSync(preload)).toBe(true);
  });

  it('starts workers from the built worker entry', async () => {
    // the services probe the training backend at boot, through the utility-process spawner
    await until(() => fake.utilityProcess.forks.length > 0, 'a worker fork');
    const fork = fake.utilityProcess.forks[0]!;
    expect(fork.modulePath).toBe(join(outDir, 'main', 'worker.js'));
    expect(existsSync(fork.modulePath)).toBe(true);
    expect(fork.options.stdio).toBe('pipe');
  });

  it('serves the real renderer build, every asset with a JavaScript or CSS type', async () => {
    const handler = fake.protocol.handlers.get('app')!;
    const page = await handler(new Request('app://studio/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toBe(readFileSync(join(outDir, 'renderer', 'index.html'), 'utf8'));
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const res = await handler(new Request(`app://studio/${asset}`));
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type'), asset).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
    }
    expect((await handler(new Request('app://studio/../main/index.js'))).status).toBe(404);
  });

  it('answers requests from the window over IPC with the real services', async () => {
    const info = (await fake.ipcMain.invoke('studio:system:info', 'app://studio/index.html')) as {
      ok: boolean;
      value?: Record<string, unknown>;
    };
    expect(info.ok).toBe(true);
    expect(info.value).toMatchObject({ dataDir });
    const bad = (await fake.ipcMain.invoke('studio:runs:get', 'app://studio/index.html', {})) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('quits through the graceful shutdown', async () => {
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    await until(() => fake.app.quitted, 'quit');
  });
});
