// Browser-mode access control: a random token printed once at start. The first page load
// carries it as `?token=`; the server then sets an HttpOnly cookie so assets and the WebSocket
// are authorised too. Comparisons are constant-time, and parsing never throws: a malformed
// cookie header simply carries no token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Cookies are shared by every port of a host, so the name carries the port: two servers on
 *  one machine do not overwrite each other's cookie. */
export const cookieName = (port: number): string => `distill_studio_token_${port}`;

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Every value of cookie `name` in a Cookie header, undecoded (the token is plain hex, so
 *  percent-decoding is never needed and a bad escape cannot throw). */
export function cookieValues(header: string | string[] | undefined, name: string): string[] {
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  const values: string[] = [];
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

/**
 * 'query' when the token came in the URL (set the cookie), 'cookie', or null (401).
 * `query` is the already-parsed query string of the request target.
 */
export function checkToken(req: IncomingMessage, query: URLSearchParams, token: string, port: number): 'query' | 'cookie' | null {
  for (const candidate of query.getAll('token')) if (safeEqual(candidate, token)) return 'query';
  for (const candidate of cookieValues(req.headers.cookie, cookieName(port))) if (safeEqual(candidate, token)) return 'cookie';
  return null;
}

export function authCookie(token: string, port: number): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
