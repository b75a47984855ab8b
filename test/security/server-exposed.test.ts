// `distill-studio serve --host 0.0.0.0` as a real process: the warning says what exposure
// means and what to do instead, the printed addresses are ones that reach it (never
// 0.0.0.0), and the Host check accepts exactly this machine's addresses.
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, startServeProcess, type ServeProcess } from './server-harness';

let s: ServeProcess;

/** Non-loopback, non-link-local addresses: what a wildcard bind should print. */
const external = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && !a.internal && !(a.family === 'IPv6' && a.scopeid))
  .map((a) => (a!.family === 'IPv6' ? `[${a!.address}]` : a!.address));

beforeAll(async () => {
  s = await startServeProcess(['--host', '0.0.0.0']);
  await new Promise((r) => setTimeout(r, 200)); // the lines after "running at"
});

afterAll(async () => {
  await s.stop();
});

const healthz = (host: string) => rawExchange(s.port, `GET /healthz?token=${s.token} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

describe('serve --host 0.0.0.0', () => {
  it('warns that traffic is plain HTTP, what the token grants, and suggests an SSH tunnel', () => {
    const out = s.output();
    expect(out).toMatch(/plain HTTP/);
    expect(out).toMatch(/read the access token and all data/);
    expect(out).toMatch(/token grants reading and writing files as \S+/);
    expect(out).toContain('ssh -L 5757:127.0.0.1:5757');
  });

  it('prints addresses that reach the server, never the wildcard', () => {
    const out = s.output();
    expect(out).not.toContain('0.0.0.0:');
    expect(out).toContain(`Distill Studio running at http://127.0.0.1:${s.port}/?token=${s.token}`);
    for (const address of external) expect(out).toContain(`http://${address}:${s.port}/?token=${s.token}`);
  });

  it("accepts this machine's interface addresses and loopback names as Host, nothing else", async () => {
    for (const name of ['127.0.0.1', 'localhost', ...external]) expect((await healthz(`${name}:${s.port}`)).status).toBe(200);
    for (const name of ['evil.example', '0.0.0.0', '203.0.113.9']) expect((await healthz(`${name}:${s.port}`)).status).toBe(421);
  });
});
