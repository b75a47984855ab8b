// The main window's security settings and navigation guards.
import { describe, expect, it } from 'vitest';
import { createMainWindow } from '../../../src-main/shell/create-window';
import { APP_ENTRY_URL } from '../../../src-main/shell/app-origin';
import { FakeBrowserWindow, createFakeElectron } from '../../helpers/fake-electron';

function openWindow(devServerUrl: string | null = null) {
  const fake = createFakeElectron();
  const win = createMainWindow(FakeBrowserWindow, {
    preloadPath: '/app/out/preload/index.js',
    url: devServerUrl ?? APP_ENTRY_URL,
    devServerUrl,
    openExternal: (url) => fake.shell.openExternal(url),
  });
  return { fake, win };
}

describe('createMainWindow', () => {
  it('creates a sandboxed, isolated window with the preload and no Node access', () => {
    const { win } = openWindow();
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('loads the app URL and stays hidden until ready-to-show', () => {
    const { win } = openWindow();
    expect(win.options.show).toBe(false);
    expect(win.loadedUrls).toEqual(['app://studio/index.html']);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('denies every window.open and sends only https links to the system browser', () => {
    const { fake, win } = openWindow();
    const handler = win.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://arxiv.org/abs/1503.02531' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://studio/index.html' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'http://insecure.example/' })).toEqual({ action: 'deny' });
    expect(fake.shell.opened).toEqual(['https://arxiv.org/abs/1503.02531']);
  });

  it('blocks navigation and redirects away from the app origin', () => {
    const { win } = openWindow();
    const wc = win.webContents;
    expect(wc.emitPreventable('will-navigate', 'app://studio/index.html#/runs').defaultPrevented).toBe(false);
    expect(wc.emitPreventable('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(wc.emitPreventable('will-navigate', 'file:///home/user/.ssh/id_rsa').defaultPrevented).toBe(true);
    expect(wc.emitPreventable('will-navigate', 'app://other/index.html').defaultPrevented).toBe(true);
    expect(wc.emitPreventable('will-navigate', 'http://localhost:5173/').defaultPrevented).toBe(true);
    expect(wc.emitPreventable('will-redirect', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(wc.emitPreventable('will-attach-webview').defaultPrevented).toBe(true);
  });

  it('in development allows exactly the dev server origin', () => {
    const { win } = openWindow('http://localhost:5173');
    const wc = win.webContents;
    expect(win.loadedUrls).toEqual(['http://localhost:5173']);
    expect(wc.emitPreventable('will-navigate', 'http://localhost:5173/#/compare').defaultPrevented).toBe(false);
    expect(wc.emitPreventable('will-navigate', 'http://localhost:5174/').defaultPrevented).toBe(true);
    expect(wc.emitPreventable('will-navigate', 'https://localhost:5173/').defaultPrevented).toBe(true);
  });
});
