// The IPC binding: one handler per request channel, sender check, Results only.
import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, ipcChannelName, type RequestChannel } from '../../../shared/contract';
import { ok, type Result } from '../../../shared/result';
import { registerIpc } from '../../../src-main/ipc/register-ipc';
import { makeTrustedSenderCheck } from '../../../src-main/ipc/trusted-sender';
import { FakeIpcMain } from '../../helpers/fake-electron';

const APP_PAGE = 'app://studio/index.html';

function setup(invoke: (channel: RequestChannel, input: unknown) => Promise<Result<unknown>>) {
  const ipcMain = new FakeIpcMain();
  const calls: [RequestChannel, unknown][] = [];
  const services = {
    invoke: (async (channel: RequestChannel, input: unknown) => {
      calls.push([channel, input]);
      return invoke(channel, input);
    }) as never,
  };
  const dispose = registerIpc(ipcMain, services, { isTrustedSender: makeTrustedSenderCheck(null) });
  return { ipcMain, calls, dispose };
}

describe('registerIpc', () => {
  it('registers exactly one handler per request channel, on its IPC name', () => {
    const { ipcMain } = setup(async () => ok(null));
    expect([...ipcMain.handlers.keys()].sort()).toEqual(REQUEST_CHANNELS.map(ipcChannelName).sort());
  });

  it('passes the channel and raw input to services.invoke and returns its Result unchanged', async () => {
    const { ipcMain, calls } = setup(async (channel) => ok({ echoed: channel }));
    const input = { id: 'run-1', keys: ['loss'] };
    const answer = await ipcMain.invoke('studio:runs:metrics', APP_PAGE, input);
    expect(calls).toEqual([['runs:metrics', input]]);
    expect(answer).toEqual({ ok: true, value: { echoed: 'runs:metrics' } });
  });

  it('returns validation failures from the services as data', async () => {
    const invalid = { ok: false, error: { code: 'invalid_input', message: 'id: required' } } as const;
    const { ipcMain } = setup(async () => invalid);
    expect(await ipcMain.invoke('studio:runs:get', APP_PAGE, {})).toEqual(invalid);
  });

  it.each([
    ['a foreign page', 'https://evil.example/'],
    ['a local file', 'file:///tmp/index.html'],
    ['another app:// host', 'app://other/index.html'],
    ['a dev-server-like URL when no dev server is configured', 'http://localhost:5173/'],
    ['a destroyed or navigated frame', null],
  ])('refuses %s without calling the services', async (_label, senderUrl) => {
    const { ipcMain, calls } = setup(async () => ok('should not happen'));
    const answer = (await ipcMain.invoke('studio:runs:start', senderUrl, { name: 'x' })) as Result<unknown>;
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('unauthorized');
    expect(calls).toEqual([]);
  });

  it('turns a thrown error into an internal Result instead of a rejected invoke', async () => {
    const { ipcMain } = setup(async () => {
      throw new Error('boom');
    });
    expect(await ipcMain.invoke('studio:system:info', APP_PAGE)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'system:info failed: boom' },
    });
  });

  it('the returned function removes every handler, so registering again works', () => {
    const { ipcMain, dispose } = setup(async () => ok(null));
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(() => registerIpc(ipcMain, { invoke: (async () => ok(null)) as never }, { isTrustedSender: () => true })).not.toThrow();
    expect(ipcMain.handlers.size).toBe(REQUEST_CHANNELS.length);
  });
});

describe('makeTrustedSenderCheck', () => {
  it('trusts only the app origin, and the exact dev server origin when one is set', () => {
    const prod = makeTrustedSenderCheck(null);
    const dev = makeTrustedSenderCheck('http://localhost:5173');
    expect(prod({ url: 'app://studio/index.html#/runs' })).toBe(true);
    expect(prod({ url: 'http://localhost:5173/' })).toBe(false);
    expect(dev({ url: 'http://localhost:5173/index.html' })).toBe(true);
    expect(dev({ url: 'app://studio/index.html' })).toBe(true);
    expect(dev({ url: 'http://localhost:5174/' })).toBe(false);
    expect(dev({ url: 'http://127.0.0.1:5173/' })).toBe(false);
    expect(dev({ url: 'http://localhost:5173.evil.example/' })).toBe(false);
    expect(dev({ url: 'not a url' })).toBe(false);
    expect(dev(null)).toBe(false);
  });
});
