// The app:// protocol: serves the built renderer, with correct types, and nothing outside it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleAppProtocol, registerAppScheme, resolveInsideRoot, serveRendererFile } from '../../../src-main/shell/app-protocol';
import { FakeProtocol } from '../../helpers/fake-electron';

const CSP = "default-src 'self'";
// base/secret.txt sits next to the renderer root: every traversal below aims at it. Created at
// load time because the it.each tables below need the path.
const base = mkdtempSync(join(tmpdir(), 'studio-protocol-'));
const root = join(base, 'renderer');

beforeAll(() => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
  writeFileSync(join(base, 'renderer-evil.txt'), 'sibling with a shared prefix');
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Distill Studio</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(root, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(root, 'assets', 'data.bin'), Buffer.from([1, 2, 3]));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serveRendererFile(root, new Request(url, { method }), { csp: CSP });

describe('serveRendererFile', () => {
  it.each([
    ['app://studio/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Distill Studio</title>'],
    ['app://studio/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://studio/assets/index-abc123.css', 'text/css; charset=utf-8', 'body{}'],
    ['app://studio/assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ['app://studio/assets/data.bin', 'application/octet-stream', '\u0001\u0002\u0003'],
  ])('serves %s as %s', async (url, type, body) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(body);
  });

  it('serves binary files byte for byte', async () => {
    const res = await get('app://studio/assets/font.woff2');
    expect(res.headers.get('content-type')).toBe('font/woff2');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0x77, 0x4f, 0x46, 0x32]);
  });

  it('serves index.html for the bare origin', async () => {
    for (const url of ['app://studio/', 'app://studio']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Distill Studio');
    }
  });

  it.each([
    'app://studio/../secret.txt',
    'app://studio/../../etc/passwd',
    'app://studio/%2e%2e/secret.txt',
    'app://studio/%2E%2E/%2e%2e/etc/passwd',
    'app://studio/..%2fsecret.txt',
    'app://studio/assets/..%2f..%2fsecret.txt',
    'app://studio/%2e%2e%2fsecret.txt',
    'app://studio/..%5csecret.txt',
    'app://studio/..\\secret.txt',
    'app://studio//etc/passwd',
    'app://studio/%2Fetc%2Fpasswd',
    `app://studio/${encodeURIComponent(join(base, 'secret.txt'))}`,
    'app://studio/C:/Windows/win.ini',
    'app://studio/C:%5CWindows%5Cwin.ini',
    'app://studio/../renderer-evil.txt',
    'app://studio/index.html%00.png',
    'app://studio/%E0%A4%A',
  ])('refuses %s with 404', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SECRET');
  });

  it('answers 404 for missing files, directories and other hosts', async () => {
    expect((await get('app://studio/missing.js')).status).toBe(404);
    expect((await get('app://studio/assets/')).status).toBe(404);
    expect((await get('app://studio/assets')).status).toBe(404);
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://studio/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('44');
    expect(await head.text()).toBe('');
    expect((await get('app://studio/index.html', 'POST')).status).toBe(405);
  });
});

describe('resolveInsideRoot', () => {
  it('keeps paths inside the root and refuses raw traversal that skipped URL parsing', () => {
    expect(resolveInsideRoot(root, '/assets/logo.svg')).toBe(join(root, 'assets', 'logo.svg'));
    expect(resolveInsideRoot(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveInsideRoot(root, '/../secret.txt')).toBeNull();
    expect(resolveInsideRoot(root, '/assets/../../secret.txt')).toBeNull();
    expect(resolveInsideRoot(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveInsideRoot(root, 'relative.txt')).toBeNull();
  });
});

describe('protocol registration', () => {
  it('registers app:// as a standard, secure scheme and handles it', async () => {
    const protocol = new FakeProtocol();
    registerAppScheme(protocol);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    handleAppProtocol(protocol, root, { csp: CSP });
    const res = await protocol.handlers.get('app')!(new Request('app://studio/index.html'));
    expect(res.status).toBe(200);
  });
});
