// Every way into the services must offer the same request channels: the contract, the preload,
// the IPC binding and the browser-mode server. A channel missing from one of them is a feature
// that way in lacks.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { REQUEST_CHANNELS } from '../../../shared/contract';
import { startServer } from '../../../src-main/server/serve';
import { bootServices } from '../../../src-main/services/boot';
import { makeTempDir, removeTempDir } from '../../helpers/temp-dir';
import { electronChannelSets } from './channel-sets';

/** The channels the browser-mode server answers (anything but `unknown_channel`). */
async function browserChannelSet(candidates: readonly string[]): Promise<string[]> {
  const dir = makeTempDir('distill-parity-');
  const services = await bootServices({
    dataDir: join(dir, 'data'),
    mode: 'browser',
    probeBackend: false,
    spawnWorker: () => {
      throw new Error('no workers here');
    },
  });
  const server = await startServer({ services, rendererDir: dir, port: 0 });
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    await new Promise((r) => ws.once('open', r));
    const answered: string[] = [];
    let id = 0;
    for (const channel of candidates) {
      const result = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => {
        const me = ++id;
        const onMessage = (d: WebSocket.RawData) => {
          const m = JSON.parse(String(d));
          if (m.type === 'response' && m.id === me) {
            ws.off('message', onMessage);
            resolve(m.result);
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'request', id: me, channel, input: {} }));
      });
      if (result.ok || result.error!.code !== 'unknown_channel') answered.push(channel);
    }
    ws.close();
    return answered;
  } finally {
    await server.close();
    await services.shutdown({ graceMs: 100 });
    removeTempDir(dir);
  }
}

describe('request channel parity', () => {
  it('the preload, the IPC binding and REQUEST_CHANNELS list the same channels', () => {
    const sets = electronChannelSets();
    expect(sets.contract.length).toBeGreaterThan(0);
    expect(new Set(sets.contract).size).toBe(sets.contract.length);
    expect(sets.preload).toEqual(sets.contract);
    expect(sets.ipc).toEqual(sets.contract);
  });

  it('the browser-mode server answers exactly the same channels', async () => {
    const nearMisses = ['runs:explode', 'studio:runs:list', 'constructor', '__proto__', 'RUNS:LIST'];
    const answered = await browserChannelSet([...REQUEST_CHANNELS, ...nearMisses]);
    expect([...answered].sort()).toEqual([...electronChannelSets().contract].sort());
  }, 60_000);
});
