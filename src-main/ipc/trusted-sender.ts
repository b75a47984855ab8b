// Which renderer frames may call the services: only pages served from our own origin. A frame
// that navigated elsewhere (or was destroyed, senderFrame null) is refused, so a page that
// somehow got into the window cannot drive the app.
import { isOwnUrl } from '../shell/app-origin';
import type { SenderFrameLike } from './register-ipc';

export function makeTrustedSenderCheck(devServerUrl?: string | null): (frame: SenderFrameLike | null) => boolean {
  return (frame) => frame !== null && isOwnUrl(frame.url, devServerUrl);
}
