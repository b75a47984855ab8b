// The `app://studio/...` protocol that serves the built renderer (out/renderer) to the window.
// A custom standard scheme instead of file:// gives the page a real origin (so CSP 'self' and
// the IPC sender check mean something) and lets us refuse every path outside the renderer root.
import fs from 'node:fs';
import { resolve } from 'node:path';
import { isInside } from '../path-inside';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { mimeTypeFor } from './mime-types';

/** The parts of Electron's `protocol` module used here. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Must run before `app` is ready: Chromium fixes scheme privileges at startup. */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: parsed like http (host, relative URLs, an origin); secure: treated like https
      // (no mixed-content downgrade); supportFetchAPI: fetch('app://...') for future file ids.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/**
 * Maps a request path to a file inside `root`, or null when it could leave the root.
 * The URL parser already folds `..` and `%2e%2e` segments; the path is then decoded and checked
 * again, so `..%2f`, backslashes, drive letters and absolute paths (`//etc`) are refused, and the
 * resolved file must still lie under the root (the guard that matters if any check above is wrong).
 */
export function resolveInsideRoot(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded === '') decoded = '/'; // `app://studio` with no path at all
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (!decoded.startsWith('/') || decoded.startsWith('//')) return null;
  const relativePath = decoded.slice(1) || 'index.html';
  if (/^[a-zA-Z]:/.test(relativePath)) return null;
  if (relativePath.split('/').includes('..')) return null;
  const base = resolve(root);
  const candidate = resolve(base, relativePath);
  return candidate !== base && isInside(base, candidate) ? candidate : null;
}

export interface ServeOptions {
  /** Sent as the Content-Security-Policy header on every response. */
  csp: string;
}

function textResponse(status: number, body: string, csp: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp },
  });
}

/** Answers one `app://` request from the files under `root`. Never throws. */
export async function serveRendererFile(root: string, request: Request, options: ServeOptions): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, 'Method not allowed', options.csp);
  }
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return textResponse(404, 'Not found', options.csp);
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return textResponse(404, 'Not found', options.csp);
  }
  const file = resolveInsideRoot(root, url.pathname);
  if (file === null) return textResponse(404, 'Not found', options.csp);
  let body: Buffer;
  try {
    // fs.promises is looked up at call time: Electron patches it to read inside app.asar.
    body = await fs.promises.readFile(file);
  } catch {
    return textResponse(404, 'Not found', options.csp); // missing file or a directory
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'Content-Type': mimeTypeFor(file),
      'Content-Length': String(body.byteLength),
      'Content-Security-Policy': options.csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  });
}

/** Installs the handler; call after `app` is ready. */
export function handleAppProtocol(protocol: Pick<ProtocolLike, 'handle'>, root: string, options: ServeOptions): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(root, request, options));
}
