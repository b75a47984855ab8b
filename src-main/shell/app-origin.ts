// The one origin the renderer is allowed to live on: `app://studio` in the packaged app, or the
// electron-vite dev server in development. Window navigation, the IPC sender check and the
// protocol handler all ask this module, so "what is ours" is decided in exactly one place.

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for `app://studio/...` URLs (compared by parts: Node gives custom schemes an opaque origin). */
export function isAppProtocolUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
}

/**
 * True when `url` belongs to the app: the `app://studio` origin, or the exact origin
 * (scheme, host and port) of the dev server when one is configured.
 */
export function isOwnUrl(url: string, devServerUrl?: string | null): boolean {
  if (isAppProtocolUrl(url)) return true;
  if (!devServerUrl) return false;
  const u = parse(url);
  const dev = parse(devServerUrl);
  return u !== null && dev !== null && u.origin !== 'null' && u.origin === dev.origin;
}
