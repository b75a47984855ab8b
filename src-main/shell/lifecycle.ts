// App lifecycle rules: one running instance per user (a second launch focuses the first window),
// quit when the last window closes (except on macOS), and a graceful shutdown that gives training
// workers time to checkpoint before the process exits. Ownership of the data folder across
// processes (the app, `serve`, CLI training) is the data-folder lock's job
// (services/data-folder-lock.ts, taken when the services boot and released by that shutdown).

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's `app` used here. */
export interface AppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
}

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Takes the single-instance lock. Returns false (and asks the app to quit) when another instance
 * holds it; otherwise a later launch brings the existing window to the front instead.
 */
export function acquireSingleInstance(app: AppLike, getWindow: () => FocusableWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = getWindow();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}

/** Quit when every window is closed, except on macOS where apps stay in the dock. */
export function quitWhenAllWindowsClosed(app: AppLike, platform: string = process.platform): void {
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
}

/** macOS: clicking the dock icon with no window open creates one. */
export function reopenOnActivate(app: AppLike, hasWindow: () => boolean, createWindow: () => void): void {
  app.on('activate', () => {
    if (!hasWindow()) createWindow();
  });
}

export interface Shutdownable {
  shutdown(options?: { graceMs?: number }): Promise<void>;
}

export interface GracefulShutdownOptions {
  /** How long workers get to checkpoint before their runs are marked interrupted. */
  graceMs?: number;
  /** Extra time after graceMs before quitting regardless (a hung shutdown must not trap the user). */
  hardLimitMs?: number;
  log?: (message: string) => void;
}

/**
 * On the first 'before-quit', holds the quit, awaits `services.shutdown`, then quits for real.
 * Further quit requests while shutting down are held too; the final quit passes through.
 * `getServices` returns null while the services are not booted (nothing to shut down).
 */
export function installGracefulShutdown(app: AppLike, getServices: () => Shutdownable | null, options: GracefulShutdownOptions = {}): void {
  const graceMs = options.graceMs ?? 10_000;
  const hardLimitMs = options.hardLimitMs ?? 5_000;
  const log = options.log ?? ((m: string) => console.error(m));
  let state: 'idle' | 'shutting-down' | 'done' = 'idle';

  app.on('before-quit', (event) => {
    if (state === 'done') return;
    if (state === 'shutting-down') {
      event.preventDefault();
      return;
    }
    const services = getServices();
    if (!services) {
      state = 'done';
      return;
    }
    event.preventDefault();
    state = 'shutting-down';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`Distill Studio: shutdown took longer than ${graceMs + hardLimitMs} ms; quitting anyway.`);
        resolve();
      }, graceMs + hardLimitMs);
    });
    const shutdown = services.shutdown({ graceMs }).catch((err: unknown) => {
      log(`Distill Studio: shutdown failed: ${(err as Error)?.message ?? String(err)}`);
    });
    void Promise.race([shutdown, deadline]).then(() => {
      clearTimeout(timer);
      state = 'done';
      app.quit();
    });
  });
}
