// The preload's `window.studio`: a closed set of channels, Results only, no Electron objects leak.
import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, REQUEST_CHANNELS, ipcChannelName, ipcEventName } from '../../../shared/contract';
import { buildStudioApi } from '../../../src-main/preload/build-api';
import { PRELOAD_EVENT_CHANNELS, PRELOAD_REQUEST_CHANNELS, preloadChannelName, preloadEventName } from '../../../src-main/preload/channels';
import { FakeIpcRenderer, currentFakeElectron } from '../../helpers/fake-electron';

vi.mock('electron', async () => (await import('../../helpers/fake-electron')).fakeElectronModule());

describe('preload channel lists', () => {
  it('are exactly the contract lists, with the same IPC names', () => {
    expect([...PRELOAD_REQUEST_CHANNELS].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect([...PRELOAD_EVENT_CHANNELS].sort()).toEqual([...EVENT_CHANNELS].sort());
    for (const c of REQUEST_CHANNELS) expect(preloadChannelName(c)).toBe(ipcChannelName(c));
    for (const e of EVENT_CHANNELS) expect(preloadEventName(e)).toBe(ipcEventName(e));
  });
});

describe('buildStudioApi', () => {
  it('invokes the IPC name of a known channel with the input and returns the Result', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.respond = async () => ({ ok: true, value: [{ id: 'r1' }] });
    const api = buildStudioApi(ipc);
    const result = await api.invoke('runs:list', { limit: 5 });
    expect(ipc.invokes).toEqual([{ channel: 'studio:runs:list', args: [{ limit: 5 }] }]);
    expect(result).toEqual({ ok: true, value: [{ id: 'r1' }] });
  });

  it.each(['runs:explode', 'studio:runs:list', '__proto__', 'toString', '', 42, null])(
    'answers unknown_channel for %s without touching IPC',
    async (channel) => {
      const ipc = new FakeIpcRenderer();
      const result = await buildStudioApi(ipc).invoke(channel as never);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown_channel');
      expect(ipc.invokes).toEqual([]);
    },
  );

  it('turns a rejected invoke (no handler yet, uncloneable input) into a Result', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.respond = async () => {
      throw new Error("No handler registered for 'studio:system:info'");
    };
    const result = await buildStudioApi(ipc).invoke('system:info');
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: "system:info failed: No handler registered for 'studio:system:info'" },
    });
  });

  it('subscribes to known events, passes only the payload, and unsubscribes', () => {
    const ipc = new FakeIpcRenderer();
    const api = buildStudioApi(ipc);
    const seen: unknown[][] = [];
    const off = api.on('run:log', (...args: unknown[]) => seen.push(args));
    const line = { runId: 'r1', ts: 1, level: 'info', message: 'epoch 1' };
    ipc.emitFromMain('studio-event:run:log', line);
    expect(seen).toEqual([[line]]); // the Electron event (with `sender`) never reaches the page
    off();
    off(); // idempotent
    expect(ipc.listenerCount('studio-event:run:log')).toBe(0);
    ipc.emitFromMain('studio-event:run:log', line);
    expect(seen).toHaveLength(1);
  });

  it('refuses to subscribe to unknown events or raw IPC names', () => {
    const api = buildStudioApi(new FakeIpcRenderer());
    expect(() => api.on('run:deleted' as never, () => undefined)).toThrow(/Unknown event channel/);
    expect(() => api.on('studio-event:run:log' as never, () => undefined)).toThrow(/Unknown event channel/);
    expect(() => api.on('run:log', 'not a function' as never)).toThrow(/must be a function/);
  });

  it('exposes read-only channel lists', () => {
    const api = buildStudioApi(new FakeIpcRenderer());
    expect([...api.channels.requests].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect([...api.channels.events].sort()).toEqual([...EVENT_CHANNELS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.channels.requests)).toBe(true);
    expect(() => (api.channels.requests as string[]).push('runs:explode')).toThrow();
  });
});

describe('preload entry', () => {
  it('exposes exactly invoke, on and channels as window.studio', async () => {
    await import('../../../src-main/preload/index');
    const fake = currentFakeElectron();
    expect(Object.keys(fake.contextBridge.exposed)).toEqual(['studio']);
    const api = fake.contextBridge.exposed['studio'] as ReturnType<typeof buildStudioApi>;
    expect(Object.keys(api).sort()).toEqual(['channels', 'invoke', 'on']);
    await api.invoke('system:info');
    expect(fake.ipcRenderer.invokes).toEqual([{ channel: 'studio:system:info', args: [undefined] }]);
  });
});
