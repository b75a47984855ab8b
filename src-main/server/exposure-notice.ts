// What `distill-studio serve --host …` prints when the server is reachable from other machines:
// the risks in plain words and the safer alternative, then the addresses that actually work
// (a wildcard bind has no address of its own to open).
import { userInfo } from 'node:os';
import { isLoopbackHost, reachableHostNames } from './network-addresses';

export const isExposed = (host: string): boolean => !isLoopbackHost(host);

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'the user running the server';
  }
}

export function exposureWarning(host: string, port: number): string {
  const p = port === 0 ? 5757 : port;
  return [
    `Warning: --host ${host} makes Distill Studio reachable from other machines.`,
    '  Traffic is plain HTTP: anyone on the network path can read the access token and all data you view or send.',
    `  The token grants reading and writing files as ${currentUser()} (this server's user): treat it like a password.`,
    '  Safer: keep the default loopback address and tunnel from your own machine:',
    `    ssh -L ${p}:127.0.0.1:${p} user@this-machine   then open http://127.0.0.1:${p}/?token=…`,
    '',
  ].join('\n');
}

/** The network addresses to open, one URL per interface address, for a non-loopback bind. */
export function reachableUrls(host: string, port: number, token: string): string[] {
  return reachableHostNames(host).map((name) => `http://${name}:${port}/?token=${token}`);
}
