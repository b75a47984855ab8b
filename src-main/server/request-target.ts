// Parses a request target (`req.url`) without ever throwing: only origin-form targets
// (`/path?query`) are accepted, which is all a browser sends to an origin server. Anything else
// (absolute-form, `*`, text `new URL` rejects) is null, and the caller answers 400.

export interface RequestTarget {
  pathname: string;
  query: URLSearchParams;
}

export function parseTarget(raw: string | undefined): RequestTarget | null {
  if (!raw || raw[0] !== '/') return null;
  try {
    // A fixed base: `//host/x` or `/\host` stay paths on this server, never another host.
    const url = new URL(`http://server.invalid${raw}`);
    if (url.host !== 'server.invalid') return null;
    return { pathname: url.pathname, query: url.searchParams };
  } catch {
    return null;
  }
}
