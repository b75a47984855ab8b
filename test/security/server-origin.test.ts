// Who may talk to a real `distill-studio serve` on loopback: only requests naming this server in
// Host (DNS rebinding), only WebSockets from this server's own origin (another port of
// 127.0.0.1 is same-site and gets the cookie), and pages that may connect only back to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRawSocket, rawExchange, startServeProcess, upgradeRequest, type ServeProcess } from './server-harness';

let s: ServeProcess;

beforeAll(async () => {
  s = await startServeProcess();
});

afterAll(async () => {
  await s.stop();
});

const get = (path: string, host: string, extra = '') => rawExchange(s.port, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${extra}\r\n`);

describe('Host header', () => {
  it('answers every loopback name of the served port', async () => {
    for (const host of [`127.0.0.1:${s.port}`, `localhost:${s.port}`, `LOCALHOST:${s.port}`, `[::1]:${s.port}`]) {
      expect((await get(`/healthz?token=${s.token}`, host)).status).toBe(200);
    }
  });

  it('refuses other names, other ports and a missing Host with 421, token or not', async () => {
    for (const host of ['evil.example', `evil.example:${s.port}`, `127.0.0.1:${s.port + 1}`, '127.0.0.1', `127.0.0.2:${s.port}`]) {
      expect((await get(`/healthz?token=${s.token}`, host)).status).toBe(421);
    }
    const noHost = await rawExchange(s.port, `GET /healthz?token=${s.token} HTTP/1.0\r\n\r\n`);
    expect(noHost.status).toBe(421);
  });

  it('refuses a request with two Host headers even when the first is right', async () => {
    expect((await get(`/healthz?token=${s.token}`, `127.0.0.1:${s.port}`, 'Host: evil.example\r\n')).status).toBe(421);
  });

  it('refuses CONNECT with 405 instead of dropping the connection', async () => {
    const reply = await rawExchange(s.port, `CONNECT 127.0.0.1:${s.port} HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`);
    expect(reply.status).toBe(405);
  });

  it('refuses a WebSocket upgrade for another Host with 421', async () => {
    const reply = await rawExchange(s.port, upgradeRequest(`rebind.example:${s.port}`, `/ws?token=${s.token}`));
    expect(reply.status).toBe(421);
  });
});

describe('WebSocket Origin', () => {
  it('accepts the served origin under each loopback name, and no Origin (non-browser client)', async () => {
    for (const origin of [`http://127.0.0.1:${s.port}`, `http://localhost:${s.port}`, '']) {
      const raw = await openRawSocket(s, { Origin: origin });
      raw.socket.destroy();
    }
  });

  it('refuses another port of 127.0.0.1, other schemes, other hosts and "null" with 403', async () => {
    for (const origin of [
      `http://127.0.0.1:${s.port + 1}`,
      'http://127.0.0.1',
      `https://127.0.0.1:${s.port}`,
      `http://evil.example:${s.port}`,
      'null',
      `http://127.0.0.1:${s.port}.evil.example`,
    ]) {
      await expect(openRawSocket(s, { Origin: origin })).rejects.toThrow(/403/);
    }
  });
});

describe('response headers', () => {
  it('limits the page to its own WebSocket origin and sends no referrer', async () => {
    const res = await fetch(`http://127.0.0.1:${s.port}/?token=${s.token}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${s.port};`);
    expect(csp).not.toMatch(/\bws:(?!\/\/)|wss:/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^distill_studio_token_${s.port}=${s.token}; HttpOnly; SameSite=Strict`));
  });

  it('names the WebSocket origin the page was loaded from', async () => {
    const reply = await get(`/?token=${s.token}`, `localhost:${s.port}`);
    expect(reply.status).toBe(200);
    expect(reply.data.toString('latin1')).toContain(`connect-src 'self' ws://localhost:${s.port};`);
  });

  it('sends the same hardening headers on refusals', async () => {
    const res = await fetch(`http://127.0.0.1:${s.port}/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
