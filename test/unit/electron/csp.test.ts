// The renderer's Content-Security-Policy and how it is attached to responses.
import { describe, expect, it } from 'vitest';
import { applyCspToSession, buildCsp, cspDirectives } from '../../../src-main/shell/csp';
import { FakeSession } from '../../helpers/fake-electron';

function parse(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('buildCsp', () => {
  it('is a strict policy: own origin only, no inline or eval scripts', () => {
    const policy = parse(buildCsp());
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:', 'app:']);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
  });

  it('never allows unsafe-eval, unsafe-inline scripts or wildcards anywhere', () => {
    for (const csp of [buildCsp(), buildCsp({ devServerUrl: 'http://localhost:5173' })]) {
      const policy = parse(csp);
      expect(policy['script-src']).not.toContain("'unsafe-inline'");
      expect(csp).not.toContain("'unsafe-eval'");
      expect(csp).not.toMatch(/(^|\s)\*(\s|;|$)/);
      expect(csp).not.toMatch(/(^|\s)https?:(\s|;|$)/); // no whole-scheme sources
    }
  });

  it('adds only the dev server origin and its HMR socket in development', () => {
    const policy = cspDirectives({ devServerUrl: 'http://localhost:5173/' });
    expect(policy['script-src']).toEqual(["'self'", 'http://localhost:5173']);
    expect(policy['connect-src']).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(policy['img-src']).toEqual(cspDirectives()['img-src']);
  });
});

describe('applyCspToSession', () => {
  it('replaces any policy the server sent, whatever its header case, and keeps other headers', () => {
    const session = new FakeSession();
    applyCspToSession(session, "default-src 'self'");
    let answered: { responseHeaders?: Record<string, string | string[]> } | undefined;
    session.headersListener!(
      {
        url: 'http://localhost:5173/',
        responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      },
      (response) => {
        answered = response;
      },
    );
    expect(answered!.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
  });

  it('adds the header when the response had none', () => {
    const session = new FakeSession();
    applyCspToSession(session, "default-src 'self'");
    let answered: { responseHeaders?: Record<string, string | string[]> } | undefined;
    session.headersListener!({ url: 'http://localhost:5173/x.js' }, (r) => (answered = r));
    expect(answered!.responseHeaders).toEqual({ 'Content-Security-Policy': ["default-src 'self'"] });
  });
});
