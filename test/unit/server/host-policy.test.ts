// The Host and Origin values the server accepts for each kind of bind address, and the
// request-target parser in front of them.
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createHostPolicy } from '../../../src-main/server/host-policy';
import { parseTarget } from '../../../src-main/server/request-target';

describe('createHostPolicy', () => {
  it('treats the loopback names as one server on a loopback bind', () => {
    for (const bind of ['127.0.0.1', 'localhost', '::1']) {
      const p = createHostPolicy(bind, 5757);
      expect([...p.hosts].sort()).toEqual(['127.0.0.1:5757', '[::1]:5757', 'localhost:5757']);
      expect(p.hostAllowed('LocalHost:5757')).toBe(true);
      expect(p.hostAllowed('localhost')).toBe(false);
      expect(p.hostAllowed(undefined)).toBe(false);
      expect(p.hostAllowed('localhost:5757.evil.example')).toBe(false);
    }
  });

  it('accepts only the given name for another host', () => {
    const p = createHostPolicy('box.lan', 8080);
    expect([...p.hosts]).toEqual(['box.lan:8080']);
    expect(p.hostAllowed('127.0.0.1:8080')).toBe(false);
    expect([...createHostPolicy('fd00::7', 8080).hosts]).toEqual(['[fd00::7]:8080']);
  });

  it("accepts this machine's addresses on a wildcard bind, and not the wildcard itself", () => {
    const p = createHostPolicy('0.0.0.0', 5757);
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !(a.family === 'IPv6' && a.scopeid));
    for (const a of addresses) expect(p.hostAllowed(a!.family === 'IPv6' ? `[${a!.address}]:5757` : `${a!.address}:5757`)).toBe(true);
    expect(p.hostAllowed('0.0.0.0:5757')).toBe(false);
    expect(p.hostAllowed('203.0.113.9:5757')).toBe(false);
  });

  it('lets a browser leave out port 80', () => {
    expect(createHostPolicy('127.0.0.1', 80).hostAllowed('localhost')).toBe(true);
  });

  it('accepts no Origin (non-browser client) or an exact served http origin', () => {
    const p = createHostPolicy('127.0.0.1', 5757);
    expect(p.originAllowed(undefined)).toBe(true);
    expect(p.originAllowed('http://localhost:5757')).toBe(true);
    for (const o of ['', 'null', 'http://localhost:5758', 'https://localhost:5757', 'http://localhost:5757/', 'ws://localhost:5757', 'http://evil.example']) {
      expect(p.originAllowed(o), o).toBe(false);
    }
  });
});

describe('parseTarget', () => {
  it('parses origin-form targets and keeps them on this server', () => {
    expect(parseTarget('/a/b?token=x&y=1')).toMatchObject({ pathname: '/a/b' });
    expect(parseTarget('/a?token=x')!.query.get('token')).toBe('x');
    expect(parseTarget('//evil.example/x')!.pathname).toBe('//evil.example/x');
    expect(parseTarget('/\\evil.example/x')!.pathname).toBe('//evil.example/x');
  });

  it('returns null instead of throwing for anything else', () => {
    for (const raw of [undefined, '', '*', 'http://[', 'http://evil.example/', 'ws://x/ws', '%2F', ' /']) expect(parseTarget(raw), String(raw)).toBeNull();
  });
});
