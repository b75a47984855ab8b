// The request-channel sets each Electron transport actually serves, gathered the way a renderer
// would meet them (the preload's exposed list, the handlers registered on ipcMain). Exported so
// other transports' tests (browser-mode server) can add their set to the same comparison.
import { REQUEST_CHANNELS, ipcChannelName } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import { buildStudioApi } from '../../../src-main/preload/build-api';
import { registerIpc } from '../../../src-main/ipc/register-ipc';
import { FakeIpcMain, FakeIpcRenderer } from '../../helpers/fake-electron';

export interface ChannelSets {
  contract: string[];
  preload: string[];
  ipc: string[];
}

export function electronChannelSets(): ChannelSets {
  const ipcMain = new FakeIpcMain();
  registerIpc(ipcMain, { invoke: (async () => ok(null)) as never }, { isTrustedSender: () => true });
  const byIpcName = new Map(REQUEST_CHANNELS.map((c) => [ipcChannelName(c), c]));
  // An IPC handler on a name that maps to no contract channel shows up under its raw name.
  const ipc = [...ipcMain.handlers.keys()].map((name) => byIpcName.get(name) ?? name);
  return {
    contract: [...REQUEST_CHANNELS].sort(),
    preload: [...buildStudioApi(new FakeIpcRenderer()).channels.requests].sort(),
    ipc: ipc.sort(),
  };
}
