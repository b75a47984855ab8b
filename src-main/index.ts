// Electron composition root: the only place that puts real Electron objects into the shell/ and
// ipc/ helpers and starts the services. Kept thin on purpose; the behaviour lives (and is
// tested) in those modules.
import { BrowserWindow, app, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import { forwardEvents } from './ipc/forward-events';
import { registerIpc } from './ipc/register-ipc';
import { makeTrustedSenderCheck } from './ipc/trusted-sender';
import { bootServices } from './services/boot';
import { resolveDataDir } from './services/data-dir';
import type { StudioServices } from './services/studio-services';
import { APP_ENTRY_URL } from './shell/app-origin';
import { appPaths } from './shell/app-paths';
import { handleAppProtocol, registerAppScheme } from './shell/app-protocol';
import { describeBootError } from './shell/boot-error';
import { createMainWindow } from './shell/create-window';
import { applyCspToSession, buildCsp } from './shell/csp';
import { acquireSingleInstance, installGracefulShutdown, quitWhenAllWindowsClosed, reopenOnActivate } from './shell/lifecycle';
import { createUtilitySpawner } from './shell/utility-spawner';

// electron-vite sets this in `dev` only; the packaged app always loads app://studio.
const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
const paths = appPaths(__dirname);
let services: StudioServices | null = null;
let mainWindow: BrowserWindow | null = null;

function openMainWindow(): void {
  mainWindow = createMainWindow(BrowserWindow, {
    preloadPath: paths.preload,
    url: devServerUrl ?? APP_ENTRY_URL,
    devServerUrl,
    openExternal: (url) => shell.openExternal(url),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir({ argv: process.argv, env: process.env, fallback: app.getPath('userData') });
  try {
    services = await bootServices({
      dataDir,
      mode: 'electron',
      // The app owns its data folder: a `serve` or CLI training run on it is refused, and so is the
      // app when one of those already owns it (services/data-folder-lock.ts).
      role: 'owner',
      ownerCommand: 'Distill Studio desktop app',
      spawnWorker: createUtilitySpawner(utilityProcess),
      workerEntry: paths.workerEntry,
      appVersion: app.getVersion(),
      electronVersion: process.versions.electron ?? null,
      pickPath: async ({ kind, title }) => {
        const options = { title, properties: [kind === 'folder' ? 'openDirectory' : 'openFile'] as ('openDirectory' | 'openFile')[] };
        const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
    });
  } catch (err) {
    console.error('Distill Studio: boot failed:', err);
    dialog.showErrorBox('Distill Studio could not start', describeBootError(err, dataDir));
    app.quit();
    return;
  }
  const csp = buildCsp({ devServerUrl });
  // The protocol sends the CSP itself; the session hook covers the dev server's http responses.
  applyCspToSession(session.defaultSession, csp);
  handleAppProtocol(protocol, paths.rendererRoot, { csp });
  registerIpc(ipcMain, services, { isTrustedSender: makeTrustedSenderCheck(devServerUrl) });
  forwardEvents(services, () => BrowserWindow.getAllWindows());
  openMainWindow();
  reopenOnActivate(app, () => BrowserWindow.getAllWindows().length > 0, openMainWindow);
}

// Scheme privileges are fixed when Chromium starts: this must run before 'ready'.
registerAppScheme(protocol);

if (acquireSingleInstance(app, () => mainWindow)) {
  quitWhenAllWindowsClosed(app);
  installGracefulShutdown(app, () => services, { graceMs: 10_000 });
  app.whenReady().then(start, (err: unknown) => {
    console.error('Distill Studio: Electron failed to start:', err);
    app.quit();
  });
}
