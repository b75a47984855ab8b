// Single instance, quitting when windows close, and the graceful shutdown on quit.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireSingleInstance, installGracefulShutdown, quitWhenAllWindowsClosed, reopenOnActivate } from '../../../src-main/shell/lifecycle';
import { FakeApp, FakeBrowserWindow } from '../../helpers/fake-electron';

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('acquireSingleInstance', () => {
  it('the first instance keeps running and a second launch focuses its window', () => {
    const app = new FakeApp();
    const win = new FakeBrowserWindow({});
    win.minimized = true;
    expect(acquireSingleInstance(app, () => win)).toBe(true);
    expect(app.quitCalls).toBe(0);
    app.emit('second-instance', {}, ['distill-studio'], '/home/u');
    expect(win.restoreCalls).toBe(1);
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(true);
  });

  it('a second instance quits at once', () => {
    const app = new FakeApp();
    app.lockAvailable = false;
    expect(acquireSingleInstance(app, () => null)).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(app.quitted).toBe(true);
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('ignores a second launch while no window exists or it was destroyed', () => {
    const app = new FakeApp();
    let win: FakeBrowserWindow | null = null;
    acquireSingleInstance(app, () => win);
    expect(() => app.emit('second-instance')).not.toThrow();
    win = new FakeBrowserWindow({});
    win.destroy();
    app.emit('second-instance');
    expect(win.focused).toBe(false);
  });
});

describe('quitWhenAllWindowsClosed', () => {
  it('quits on Linux and Windows but not on macOS', () => {
    for (const [platform, quits] of [
      ['linux', 1],
      ['win32', 1],
      ['darwin', 0],
    ] as const) {
      const app = new FakeApp();
      quitWhenAllWindowsClosed(app, platform);
      app.emit('window-all-closed');
      expect(app.quitCalls).toBe(quits);
    }
  });

  it('reopens a window on activate only when none is open', () => {
    const app = new FakeApp();
    let open = 0;
    const created: number[] = [];
    reopenOnActivate(
      app,
      () => open > 0,
      () => created.push(++open),
    );
    app.emit('activate');
    app.emit('activate');
    expect(created).toEqual([1]);
  });
});

describe('installGracefulShutdown', () => {
  afterEach(() => vi.useRealTimers());

  it('holds the first quit, shuts the services down once with the grace period, then quits', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    const shutdown = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    installGracefulShutdown(app, () => ({ shutdown }), { graceMs: 10_000 });

    app.quit();
    expect(app.quitted).toBe(false);
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(shutdown).toHaveBeenCalledWith({ graceMs: 10_000 });

    app.quit(); // the user presses Quit again while workers checkpoint
    expect(app.quitted).toBe(false);
    expect(shutdown).toHaveBeenCalledTimes(1);

    finish();
    await flush();
    expect(app.quitted).toBe(true);
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it('quits straight away when the services never booted', () => {
    const app = new FakeApp();
    installGracefulShutdown(app, () => null);
    app.quit();
    expect(app.quitted).toBe(true);
    expect(app.quitCalls).toBe(1);
  });

  it('still quits when shutdown fails, and logs why', async () => {
    const app = new FakeApp();
    const log: string[] = [];
    installGracefulShutdown(app, () => ({ shutdown: () => Promise.reject(new Error('disk gone')) }), {
      log: (m) => log.push(m),
    });
    app.quit();
    await flush();
    expect(app.quitted).toBe(true);
    expect(log.join('\n')).toContain('disk gone');
  });

  it('quits anyway when shutdown hangs past the grace period plus the hard limit', async () => {
    vi.useFakeTimers();
    const app = new FakeApp();
    const log: string[] = [];
    installGracefulShutdown(app, () => ({ shutdown: () => new Promise<void>(() => undefined) }), {
      graceMs: 1_000,
      hardLimitMs: 500,
      log: (m) => log.push(m),
    });
    app.quit();
    await vi.advanceTimersByTimeAsync(1_400);
    expect(app.quitted).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(app.quitted).toBe(true);
    expect(log).toHaveLength(1);
  });
});
