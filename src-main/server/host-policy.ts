// Which Host and Origin headers the browser-mode server answers. The Host check defeats DNS
// rebinding (an attacker's name resolving to this machine: the browser then sends the attacker's
// name as Host). The Origin check stops a page on another origin — including another port of
// 127.0.0.1, which is same-site and so gets the SameSite=Strict cookie — from opening the
// WebSocket. Browsers always send Origin on a WebSocket handshake, so a handshake without one
// comes from a non-browser client (the CLI tests, scripts); it still needs the token.
import type { IncomingMessage } from 'node:http';
import { servedHostNames } from './network-addresses';

/** The request's Host header, or undefined unless there is exactly one (Node would silently
 *  keep the first of several, while a proxy in front might have routed on another). */
export function hostHeader(req: IncomingMessage): string | undefined {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') count++;
  return count === 1 ? req.headers.host : undefined;
}

export interface HostPolicy {
  /** Every `name:port` this server answers to. */
  readonly hosts: ReadonlySet<string>;
  hostAllowed(hostHeader: string | undefined): boolean;
  /** True for no Origin header (non-browser client) or an exact served origin. */
  originAllowed(originHeader: string | undefined): boolean;
}

export function createHostPolicy(bindHost: string, port: number): HostPolicy {
  const hosts = new Set<string>();
  for (const name of servedHostNames(bindHost)) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name); // a browser leaves the default port out
  }
  return {
    hosts,
    hostAllowed: (header) => header !== undefined && hosts.has(header.toLowerCase()),
    originAllowed(header) {
      if (header === undefined) return true;
      const prefix = 'http://';
      return header.toLowerCase().startsWith(prefix) && hosts.has(header.slice(prefix.length).toLowerCase());
    },
  };
}
