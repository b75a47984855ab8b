// Binds every request channel of the contract to the services over Electron IPC. The binding
// checks who is asking and hands everything else to `services.invoke`, which validates the input
// and returns a Result: errors cross the process boundary as data, never as thrown exceptions.
import { REQUEST_CHANNELS, ipcChannelName, type RequestChannel } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import type { StudioServices } from '../services/studio-services';

/** The frame that sent a message (Electron's WebFrameMain), or null once it navigated away. */
export interface SenderFrameLike {
  readonly url: string;
}

export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

/** The parts of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Electron's ipcMain.handle listener takes any[]; the real ipcMain must fit this shape
  handle(channel: string, listener: (event: InvokeEventLike, ...args: any[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcOptions {
  isTrustedSender(frame: SenderFrameLike | null): boolean;
}

/** Registers one handler per request channel; returns a function that removes them all. */
export function registerIpc(ipcMain: IpcMainLike, services: Pick<StudioServices, 'invoke'>, options: RegisterIpcOptions): () => void {
  const names: string[] = [];
  for (const channel of REQUEST_CHANNELS) {
    const name = ipcChannelName(channel);
    ipcMain.handle(name, (event, input: unknown) => handleRequest(services, options, channel, event, input));
    names.push(name);
  }
  return () => {
    for (const name of names.splice(0)) ipcMain.removeHandler(name);
  };
}

async function handleRequest(
  services: Pick<StudioServices, 'invoke'>,
  options: RegisterIpcOptions,
  channel: RequestChannel,
  event: InvokeEventLike,
  input: unknown,
): Promise<Result<unknown>> {
  if (!options.isTrustedSender(event.senderFrame)) {
    return fail('unauthorized', `Request on ${channel} refused: it did not come from the Distill Studio window.`);
  }
  try {
    return await services.invoke(channel, input);
  } catch (err) {
    // `invoke` promises never to throw; if it does anyway, the renderer still gets a Result.
    return fail('internal', `${channel} failed: ${(err as Error)?.message ?? String(err)}`);
  }
}
