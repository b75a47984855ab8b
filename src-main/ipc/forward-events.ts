// Pushes every service event to every open window, on the event's IPC name. Windows that were
// closed (destroyed webContents) are skipped: sending to them throws.
import { ipcEventName } from '../../shared/contract';
import type { StudioServices } from '../services/studio-services';

export interface EventTargetWindow {
  isDestroyed(): boolean;
  readonly webContents: {
    isDestroyed(): boolean;
    send(channel: string, payload: unknown): void;
  };
}

/** Returns a function that stops forwarding. */
export function forwardEvents(services: Pick<StudioServices, 'onEvent'>, getWindows: () => readonly EventTargetWindow[]): () => void {
  return services.onEvent((event, payload) => {
    const channel = ipcEventName(event);
    for (const win of getWindows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
      try {
        win.webContents.send(channel, payload);
      } catch {
        // a window closing between the check and the send; the others still get the event
      }
    }
  });
}
