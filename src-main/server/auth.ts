// Browser-mode access control: a random token printed once at start. The first page load
// carries it as `?token=`; the server then sets an HttpOnly cookie so assets and the WebSocket
// are authorised too. Comparisons are constant-time.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'distill_studio_token';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function tokenFromRequest(req: IncomingMessage): { fromQuery: string | null; fromCookie: string | null } {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const cookies = Object.fromEntries(
    (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .filter((kv) => kv.length === 2)
      .map(([k, v]) => [k!, decodeURIComponent(v!)]),
  );
  return { fromQuery: url.searchParams.get('token'), fromCookie: cookies[COOKIE_NAME] ?? null };
}

/** 'query' when the token came in the URL (set the cookie), 'cookie', or null (401). */
export function checkToken(req: IncomingMessage, token: string): 'query' | 'cookie' | null {
  const { fromQuery, fromCookie } = tokenFromRequest(req);
  if (fromQuery !== null && safeEqual(fromQuery, token)) return 'query';
  if (fromCookie !== null && safeEqual(fromCookie, token)) return 'cookie';
  return null;
}

export function authCookie(token: string): string {
  return `${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
