// The main window and its guard rails. The renderer shows data from files users import, so it is
// treated as untrusted: no Node, an isolated and sandboxed preload, and no way to open or
// navigate to anything that is not the app itself.
import { isOwnUrl } from './app-origin';

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    navigateOnDragDrop: boolean;
  };
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's `webContents` used here. */
export interface WebContentsLike {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

export type BrowserWindowConstructor<W extends BrowserWindowLike> = new (options: WindowOptions) => W;

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (out/preload/index.js). */
  preloadPath: string;
  /** What to load: `app://studio/index.html`, or the dev server URL. */
  url: string;
  /** Dev server origin that counts as ours for navigation; null in the packaged app. */
  devServerUrl?: string | null;
  /** Hands https links the page tries to open to the system browser (shell.openExternal). */
  openExternal?: (url: string) => unknown;
}

export function mainWindowOptions(preloadPath: string): WindowOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Distill Studio',
    // shown on ready-to-show, so the user never sees an empty white frame
    show: false,
    backgroundColor: '#16181d',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // dropping a file on the window must not navigate away from the app
      navigateOnDragDrop: false,
    },
  };
}

/** Denies popups and off-origin navigation on a window's webContents. */
export function guardNavigation(contents: WebContentsLike, options: Pick<MainWindowOptions, 'devServerUrl' | 'openExternal'>): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Never a new Electron window; plain https links (docs, papers) go to the user's browser.
    if (options.openExternal && url.startsWith('https://')) void options.openExternal(url);
    return { action: 'deny' };
  });
  const blockForeign = (event: PreventableEvent, url: string): void => {
    if (!isOwnUrl(url, options.devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow<W extends BrowserWindowLike>(BrowserWindow: BrowserWindowConstructor<W>, options: MainWindowOptions): W {
  const win = new BrowserWindow(mainWindowOptions(options.preloadPath));
  guardNavigation(win.webContents, options);
  win.once('ready-to-show', () => win.show());
  // loadURL rejects when the page fails to load; log it rather than crash the main process.
  win.loadURL(options.url).catch((err: unknown) => {
    console.error(`Distill Studio: could not load ${options.url}: ${(err as Error)?.message ?? err}`);
  });
  return win;
}
