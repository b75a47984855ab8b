// Every way into the services must offer the same request channels: the contract, the preload
// and the IPC binding. A channel missing from one of them is a feature the desktop app lacks.
import { describe, expect, it } from 'vitest';
import { electronChannelSets } from './channel-sets';

describe('request channel parity', () => {
  it('the preload, the IPC binding and REQUEST_CHANNELS list the same channels', () => {
    const sets = electronChannelSets();
    expect(sets.contract.length).toBeGreaterThan(0);
    expect(new Set(sets.contract).size).toBe(sets.contract.length);
    expect(sets.preload).toEqual(sets.contract);
    expect(sets.ipc).toEqual(sets.contract);
  });
});
