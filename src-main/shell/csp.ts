// The renderer's Content-Security-Policy. Sent as a response header on every `app://` response
// (see app-protocol.ts) and, for the dev server, added by the session's webRequest hook: a policy
// in a header cannot be removed by injected markup, unlike a <meta> tag.

export interface CspOptions {
  /** electron-vite dev server (ELECTRON_RENDERER_URL); its scripts and HMR socket are allowed. */
  devServerUrl?: string | null;
}

/** Directive → sources. Kept as data so tests can read individual directives. */
export function cspDirectives(options: CspOptions = {}): Record<string, string[]> {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // No inline scripts and no eval: the Vue runtime build needs neither (templates are compiled
    // at build time), so an injected string can never become code.
    'script-src': ["'self'"],
    // 'unsafe-inline' for styles only: Vite's dev server injects SFC <style> elements, and
    // components (transitions, chart tooltips) may write style attributes. Styles cannot run
    // code, and with connect-src/img-src limited to our own origin a stylesheet has nowhere to
    // leak data to, so the risk it adds is small compared with breaking scoped styles.
    'style-src': ["'self'", "'unsafe-inline'"],
    // data:/blob: for generated images (exported charts, canvas snapshots); app: for dataset
    // previews served by the app protocol.
    'img-src': ["'self'", 'data:', 'blob:', 'app:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  if (options.devServerUrl) {
    const dev = new URL(options.devServerUrl);
    const ws = `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`;
    directives['script-src']!.push(dev.origin);
    directives['connect-src']!.push(dev.origin, ws);
  }
  return directives;
}

export function buildCsp(options: CspOptions = {}): string {
  return Object.entries(cspDirectives(options))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The part of Electron's `session.webRequest` this module needs. */
export interface WebRequestLike {
  onHeadersReceived(
    listener: (
      details: { url: string; responseHeaders?: Record<string, string[]> },
      callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
    ) => void,
  ): void;
}

/**
 * Adds the CSP header to every response the session receives, replacing any policy the server
 * sent (header names are case-insensitive, so existing variants are dropped first).
 */
export function applyCspToSession(session: { webRequest: WebRequestLike }, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
