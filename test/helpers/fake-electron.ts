// A hand-written stand-in for the parts of Electron the main process uses. The Electron binary
// is not available to tests, so the code under test receives these objects by injection (or via
// `vi.mock('electron', factory)` for the composition root). The fakes model the behaviour the
// code relies on (e.g. `app.quit()` emits a preventable 'before-quit'), not just call recording.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(): FakeEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeApp extends EventEmitter {
  isPackaged = false;
  /** What requestSingleInstanceLock answers: false simulates a second instance. */
  lockAvailable = true;
  lockRequests = 0;
  quitCalls = 0;
  /** True once a quit went through (a 'before-quit' that nobody prevented). */
  quitted = false;
  paths: Record<string, string> = { userData: '/fake/user-data' };
  version = '0.1.0';
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((resolve) => {
    this.readyResolve = resolve;
  });

  requestSingleInstanceLock(): boolean {
    this.lockRequests++;
    return this.lockAvailable;
  }
  /** Like Electron: emits a preventable 'before-quit'; only an unprevented one quits. */
  quit(): void {
    this.quitCalls++;
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  /** Test control: fire 'ready'. */
  becomeReady(): void {
    this.readyResolve();
    this.emit('ready');
  }
  getPath(name: string): string {
    const path = this.paths[name];
    if (!path) throw new Error(`fake app.getPath: no path for ${name}`);
    return path;
  }
  getVersion(): string {
    return this.version;
  }
}

export interface FakeInvokeEvent {
  senderFrame: { url: string } | null;
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: FakeInvokeEvent, ...args: any[]) => unknown>();
  handle(channel: string, listener: (event: FakeInvokeEvent, ...args: any[]) => unknown): void {
    // Electron refuses a second handler for the same channel
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test control: what a renderer's ipcRenderer.invoke from `senderUrl` would get back. */
  async invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  }
}

export class FakeContextBridge {
  readonly exposed: Record<string, unknown> = {};
  exposeInMainWorld(key: string, api: unknown): void {
    if (key in this.exposed) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    this.exposed[key] = api;
  }
}

export class FakeIpcRenderer {
  readonly invokes: { channel: string; args: unknown[] }[] = [];
  private readonly emitter = new EventEmitter();
  /** Test control: how main answers an invoke (default: a Result echoing the channel). */
  respond: (channel: string, ...args: unknown[]) => Promise<unknown> = async (channel) => ({ ok: true, value: channel });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invokes.push({ channel, args });
    return this.respond(channel, ...args);
  }
  on(channel: string, listener: (event: unknown, ...args: any[]) => void): this {
    this.emitter.on(channel, listener);
    return this;
  }
  removeListener(channel: string, listener: (event: unknown, ...args: any[]) => void): this {
    this.emitter.removeListener(channel, listener);
    return this;
  }
  listenerCount(channel: string): number {
    return this.emitter.listenerCount(channel);
  }
  /** Test control: main sends `payload` on `channel` (Electron passes an event object first). */
  emitFromMain(channel: string, payload: unknown): void {
    this.emitter.emit(channel, { sender: this, senderId: 0 }, payload);
  }
}

export class FakeWebContents extends EventEmitter {
  destroyed = false;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload });
  }
  /** Test control: emit a preventable webContents event; returns the event. */
  emitPreventable(name: string, ...args: unknown[]): FakeEvent {
    const event = fakeEvent();
    this.emit(name, event, ...args);
    return event;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  }

  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  restoreCalls = 0;

  constructor(public readonly options: any) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  show = (): void => void (this.visible = true);
  focus = (): void => void (this.focused = true);
  isMinimized = (): boolean => this.minimized;
  isDestroyed = (): boolean => this.destroyed;
  restore(): void {
    this.restoreCalls++;
    this.minimized = false;
  }
  /** Test control: close the window the way the user would. */
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class FakeProtocol {
  readonly privileged: { scheme: string; privileges?: Record<string, boolean> }[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme ${scheme} is already handled`);
    this.handlers.set(scheme, handler);
  }
}

type HeadersListener = Parameters<import('../../src-main/shell/csp').WebRequestLike['onHeadersReceived']>[0];

export class FakeSession {
  headersListener: HeadersListener | null = null;
  readonly webRequest = { onHeadersReceived: (listener: HeadersListener) => void (this.headersListener = listener) };
}

export class FakeUtilityChild extends EventEmitter {
  readonly posted: unknown[] = [];
  killCalls = 0;
  /** The worker's output, as with stdio 'pipe'; tests write into them. */
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  constructor(public pid: number | undefined) {
    super();
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killCalls++;
    return true;
  }
}

export class FakeUtilityProcess {
  readonly forks: { modulePath: string; args: string[]; options: any; child: FakeUtilityChild }[] = [];
  private nextPid = 4000;
  fork(modulePath: string, args: string[], options: any): FakeUtilityChild {
    const child = new FakeUtilityChild(this.nextPid++);
    this.forks.push({ modulePath, args, options, child });
    return child;
  }
}

export function createFakeElectron() {
  FakeBrowserWindow.instances = [];
  const defaultSession = new FakeSession();
  return {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: new FakeContextBridge(),
    BrowserWindow: FakeBrowserWindow,
    protocol: new FakeProtocol(),
    session: { defaultSession },
    utilityProcess: new FakeUtilityProcess(),
    dialog: {
      errors: [] as { title: string; content: string }[],
      showErrorBox(title: string, content: string) {
        this.errors.push({ title, content });
      },
    },
    shell: {
      opened: [] as string[],
      async openExternal(url: string) {
        this.opened.push(url);
      },
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

// Kept on globalThis, not in a module variable: after `vi.resetModules()` a mock factory may load
// a fresh copy of this module, and every copy must see the same current fake.
const CURRENT = Symbol.for('distill-studio.test.fake-electron');
const store = globalThis as unknown as { [CURRENT]?: FakeElectron };

/** Replaces the fake behind `fakeElectronModule()` with a fresh one and returns it. */
export function resetFakeElectron(): FakeElectron {
  store[CURRENT] = createFakeElectron();
  return store[CURRENT];
}

export function currentFakeElectron(): FakeElectron {
  return store[CURRENT] ?? resetFakeElectron();
}

/**
 * A module object for `vi.mock('electron', () => fakeElectronModule())`: its exports read the
 * current fake at access time, so `resetFakeElectron()` between tests gives fresh state.
 */
export function fakeElectronModule(): Record<string, unknown> {
  const keys = Object.keys(currentFakeElectron()) as (keyof FakeElectron)[];
  const mod: Record<string, unknown> = {};
  for (const key of keys) Object.defineProperty(mod, key, { enumerable: true, get: () => currentFakeElectron()[key] });
  Object.defineProperty(mod, 'default', { enumerable: true, get: () => currentFakeElectron() });
  return mod;
}
