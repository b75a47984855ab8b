// What a bind address means for the names a browser can use to reach it: loopback binds are
// reachable as 127.0.0.1, localhost and [::1]; a wildcard bind (0.0.0.0, ::) on every interface
// address of this machine; any other host only under the name it was given.
import { networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0']);

/** The usual loopback names, reachable under one another. */
const isLoopbackName = (host: string): boolean => LOOPBACK_NAMES.has(host.toLowerCase());
/** Only this machine can connect (127.0.0.0/8 included): no exposure warning needed. */
export const isLoopbackHost = (host: string): boolean => isLoopbackName(host) || /^127(\.\d{1,3}){3}$/.test(host);
export const isWildcardHost = (host: string): boolean => WILDCARD_HOSTS.has(host.toLowerCase());

/** A host as it appears in a URL or Host header: IPv6 literals in brackets, lower case. */
export function urlHost(host: string): string {
  const h = host.toLowerCase();
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
}

/** Addresses of this machine's network interfaces (loopback ones too when `internal`). */
export function interfaceAddresses(internal: boolean): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal && !internal) continue;
      if (a.family === 'IPv6' && a.scopeid) continue; // link-local: a browser cannot put %zone in a URL
      out.push(a.address);
    }
  }
  return out;
}

/** Host names (without port) under which a server bound to `bindHost` is served. */
export function servedHostNames(bindHost: string): string[] {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  if (isLoopbackName(bindHost)) return loopback;
  if (isWildcardHost(bindHost)) return [...new Set([...loopback, ...interfaceAddresses(true).map(urlHost)])];
  return [urlHost(bindHost)];
}

/** The addresses to print for a wildcard bind: the non-loopback interface addresses. */
export function reachableHostNames(bindHost: string): string[] {
  if (!isWildcardHost(bindHost)) return [urlHost(bindHost)];
  return interfaceAddresses(false).map(urlHost);
}
