// Serves the built renderer (out/renderer) with a path-traversal guard: a request path that
// resolves outside the root — through `..`, encoded separators, NUL, backslashes or a symlink
// pointing out — is refused, never read.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { isInside } from '../path-inside';
import { pipeline } from 'node:stream';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Resolves `urlPath` under `root`; null if it escapes the root or is not an existing file. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  // Refused outright rather than normalised: no file of the build has these in its name.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return null;
  try {
    const rootReal = realpathSync(resolve(root));
    const target = resolve(rootReal, '.' + (decoded === '/' ? '/index.html' : decoded));
    if (!isInside(rootReal, target)) return null;
    const real = realpathSync(target); // a symlink inside the root may point anywhere
    if (!isInside(rootReal, real) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null; // missing, unreadable, or a name the file system rejects
  }
}

export function sendFile(res: ServerResponse, file: string, headers: Record<string, string> = {}): void {
  const stream = createReadStream(file);
  stream.once('open', () => {
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', ...headers });
    // pipeline, not pipe: a client that hangs up mid-file also closes the file.
    pipeline(stream, res, () => undefined);
  });
  stream.once('error', () => {
    // removed or unreadable since resolveStatic
    if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not found\n');
    else res.destroy();
  });
}

export const rendererRoot = (baseDir: string) => join(baseDir, '..', 'renderer');
