// Response headers for everything the browser-mode server sends. The CSP lets the page talk
// only to this server's own WebSocket: connect-src names its exact origin, built from a Host
// header that the host policy (host-policy.ts) has already accepted.

/** Headers for every response, error pages included. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer', // the first URL carries the token
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** The Content-Security-Policy for pages served under `host` (an accepted `name:port`). */
export function contentSecurityPolicy(host: string): string {
  // CSP host sources cannot spell IPv6 literals; 'self' covers ws://[::1]:port in CSP Level 3.
  const socket = host.startsWith('[') ? '' : ` ws://${host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
