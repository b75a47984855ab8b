// Hostile inputs for the browser-mode fuzz test (server-fuzz.test.ts), generated from a seeded
// PRNG so every run throws the same bytes: raw HTTP requests (random bytes, broken request
// lines and headers, bad cookies and escapes, traversal attempts, bad upgrades) and WebSocket
// frames (bad framing, bad UTF-8, JSON that is not a request, wrong types, deep nesting). Only
// the frame masks are truly random; they change no byte the server acts on.
import { mulberry32 } from '../../shared/seeded-random';
import { frame } from './server-harness';

export type HttpCase = { kind: 'http'; label: string; bytes: Buffer; traversal?: boolean };
export type WsCase = { kind: 'ws'; label: string; bytes: Buffer };
export type FuzzCase = HttpCase | WsCase;

export interface Target {
  host: string;
  token: string;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const bytes = (r: Rand, n: number) => Buffer.from(Array.from({ length: n }, () => int(r, 0, 255)));

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'GE T', 'get', '', 'G\0T', 'ÄÖÜ'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', 'HTTP/1', 'http/1.1', ''];
const BAD_TARGETS = [
  'http://[',
  'http://[::1',
  '*',
  '',
  ' ',
  '//',
  '/%',
  '/%zz',
  '/%E0%A4%A',
  '/?%zz=%zz',
  '/\0',
  'a',
  'http://evil.example/',
  '/\u00ff',
  '/'.padEnd(9000, 'a'),
  'ws://x/ws',
  '/?token=%00',
  '/#frag',
  '/%%%',
  '/?a=%ZZ&token[]=x',
];
const TRAVERSALS = [
  '/../main/cli.js',
  '/..%2fmain%2fcli.js',
  '/%2e%2e/main/cli.js',
  '/%2E%2E%2F%2E%2E%2Fpackage.json',
  '/assets/../../package.json',
  '/assets/..%2f..%2f..%2fpackage.json',
  '/..\\..\\package.json',
  '/..%5c..%5cpackage.json',
  '/%2e%2e%5cmain%5ccli.js',
  '/etc/passwd',
  '//etc/passwd',
  '/%2fetc%2fpasswd',
  '/index.html%00../../package.json',
  '/....//....//package.json',
  '/%252e%252e/package.json',
  '/.%2e/main/cli.js',
  '/%c0%ae%c0%ae/package.json',
  '/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/..;/package.json',
  '/\\etc\\passwd',
];
const BAD_COOKIES = ['a=%zz', '=', ';;;', 'distill_studio_token=%', 'a="b', 'a=%E0%A4%A; b=%C0%80', '\u00ff=\u00fe', 'x'.repeat(6000), 'a=b;'.repeat(500)];
const BAD_HEADERS = [
  'X-Bad',
  ': no-name',
  'X-Bad: \0',
  'X-Long: ' + 'a'.repeat(20_000),
  'Host: a\r\nHost: b',
  'Content-Length: -1',
  'Content-Length: 99999999999999999999',
  'Transfer-Encoding: chunked, identity',
  'X-A\tB: c',
  ' X-Folded: continuation',
];

function request(method: string, path: string, version: string, headers: string[]): Buffer {
  return Buffer.from(`${method} ${path} ${version}\r\n${headers.map((h) => h + '\r\n').join('')}Connection: close\r\n\r\n`, 'latin1');
}

function httpCase(r: Rand, t: Target): HttpCase {
  const host = `Host: ${t.host}`;
  const withToken = (p: string) => `${p}${p.includes('?') ? '&' : '?'}token=${t.token}`;
  switch (int(r, 0, 6)) {
    case 0:
      return { kind: 'http', label: 'random bytes', bytes: Buffer.concat([bytes(r, int(r, 1, 2000)), Buffer.from('\r\n\r\n')]) };
    case 1:
      return { kind: 'http', label: 'bad request line', bytes: request(pick(r, METHODS), pick(r, BAD_TARGETS), pick(r, VERSIONS), [host]) };
    case 2:
      return {
        kind: 'http',
        label: 'bad headers',
        bytes: request('GET', withToken('/'), 'HTTP/1.1', [host, ...Array.from({ length: int(r, 1, 3) }, () => pick(r, BAD_HEADERS))]),
      };
    case 3:
      return {
        kind: 'http',
        label: 'bad cookie',
        bytes: request(pick(r, ['GET', 'HEAD']), r() < 0.5 ? '/' : withToken('/healthz'), 'HTTP/1.1', [host, `Cookie: ${pick(r, BAD_COOKIES)}`]),
      };
    case 4:
      return { kind: 'http', label: 'traversal', traversal: true, bytes: request('GET', withToken(pick(r, TRAVERSALS)), 'HTTP/1.1', [host]) };
    case 5:
      return {
        kind: 'http',
        label: 'bad host',
        bytes: request('GET', withToken('/'), 'HTTP/1.1', [
          `Host: ${pick(r, ['', 'evil.example', '[', ':::', '127.0.0.1:0', 'a'.repeat(300), '%00', t.host + '.evil.example'])}`,
        ]),
      };
    default:
      return { kind: 'http', label: 'bad upgrade', bytes: badUpgrade(r, t) };
  }
}

function badUpgrade(r: Rand, t: Target): Buffer {
  const key = pick(r, ['', 'x', 'not base64!', bytes(r, 15).toString('base64'), bytes(r, 16).toString('base64'), 'A'.repeat(5000)]);
  const version = pick(r, ['13', '8', '', '99', '-1', 'x']);
  const path = pick(r, [`/ws?token=${t.token}`, '/ws', '/ws?token=bad', `/other?token=${t.token}`, 'http://[', `/ws?token=${t.token}&token=x`]);
  const origin = pick(r, ['', `http://${t.host}`, 'null', 'http://evil.example', `http://${t.host}:1`]);
  const headers = [
    `Host: ${pick(r, [t.host, t.host, 'evil.example'])}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    `Sec-WebSocket-Version: ${version}`,
  ];
  if (origin) headers.push(`Origin: ${origin}`);
  if (r() < 0.3) headers.push(`Cookie: ${pick(r, BAD_COOKIES)}`);
  if (r() < 0.2) headers.push(`Sec-WebSocket-Extensions: ${pick(r, ['permessage-deflate; client_max_window_bits=99', ';;;', 'x'])}`);
  return Buffer.from(`GET ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1');
}

const SAFE_CHANNELS = [
  'system:info',
  'datasets:list',
  'datasets:get',
  'models:list',
  'runs:list',
  'runs:get',
  'runs:metrics',
  'runs:logs',
  'runs:query',
  'queue:list',
  'runs:report',
  'runs:metricKeys',
  'datasets:samples',
];

function randomJson(r: Rand, depth = 0): unknown {
  const k = int(r, 0, depth > 3 ? 4 : 6);
  if (k === 0) return null;
  if (k === 1) return pick(r, [0, -1, 1.5, 1e308, -0, 2 ** 53 + 1]);
  if (k === 2) return pick(r, ['', 'x', '\u0000', '\ud800', '../../etc/passwd', 'a'.repeat(1000)]);
  if (k === 3) return r() < 0.5;
  if (k === 4) return {};
  if (k === 5) return Array.from({ length: int(r, 0, 4) }, () => randomJson(r, depth + 1));
  return Object.fromEntries(
    Array.from({ length: int(r, 0, 4) }, () => [
      pick(r, ['id', 'ids', 'limit', 'datasetId', '__proto__', 'constructor', 'keys', 'x']),
      randomJson(r, depth + 1),
    ]),
  );
}

function wsText(r: Rand): string {
  switch (int(r, 0, 6)) {
    case 0:
      return JSON.stringify(randomJson(r));
    case 1:
      return pick(r, ['null', '[]', '42', '"s"', 'true', '{}', '', 'not json', '{"type":"request"', '\u0000']);
    case 2: // wrong field types
      return JSON.stringify({ type: pick(r, ['request', 'response', 1, null]), id: randomJson(r), channel: randomJson(r), input: randomJson(r) });
    case 3: // unknown channels
      return JSON.stringify({
        type: 'request',
        id: int(r, 0, 1e6),
        channel: pick(r, ['', 'runs:explode', '__proto__', 'constructor', 'x'.repeat(5000), 'toString']),
        input: {},
      });
    case 4: {
      const depth = int(r, 1000, 200_000);
      const open = pick(r, ['[', '{"a":']);
      const close = open === '[' ? ']' : '}';
      return `{"type":"request","id":1,"channel":"${pick(r, SAFE_CHANNELS)}","input":${open.repeat(depth)}1${close.repeat(depth)}}`;
    }
    default: // real channels, hostile inputs
      return JSON.stringify({ type: 'request', id: int(r, 0, 1e6), channel: pick(r, SAFE_CHANNELS), input: randomJson(r) });
  }
}

function wsCase(r: Rand): WsCase {
  const k = int(r, 0, 9);
  if (k <= 4) return { kind: 'ws', label: 'text frame', bytes: frame(0x1, wsText(r)) };
  if (k === 5)
    return { kind: 'ws', label: 'reserved opcode', bytes: frame(pick(r, [0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]), bytes(r, int(r, 0, 50))) };
  if (k === 6)
    return {
      kind: 'ws',
      label: 'bad header bits',
      bytes: pick(r, [
        frame(0x1, '{}', { mask: false }),
        frame(0x1, '{}', { rsv: int(r, 1, 7) }),
        frame(0x9, 'p', { fin: false }),
        frame(0x8, 'x'.repeat(200)),
        frame(0x0, 'orphan continuation'),
      ]),
    };
  if (k === 7)
    return {
      kind: 'ws',
      label: 'oversized length',
      bytes: frame(pick(r, [0x1, 0x2]), Buffer.alloc(0), { declaredLength: pick(r, [16 * 1024 * 1024 + 1, 2 ** 32, 2 ** 53 - 1]) }),
    };
  if (k === 8)
    return {
      kind: 'ws',
      label: 'invalid UTF-8',
      bytes: frame(
        0x1,
        Buffer.concat([
          Buffer.from('{"a":"'),
          pick(r, [Buffer.from([0xff]), Buffer.from([0xc0, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe0, 0x80])]),
          Buffer.from('"}'),
        ]),
      ),
    };
  return { kind: 'ws', label: 'binary frame', bytes: frame(0x2, bytes(r, int(r, 0, 100))) };
}

/** `httpCount` raw HTTP inputs and `wsCount` WebSocket frames, the same for the same seed. */
export function fuzzCases(seed: number, t: Target, httpCount: number, wsCount: number): FuzzCase[] {
  const r = mulberry32(seed);
  return [...Array.from({ length: httpCount }, () => httpCase(r, t)), ...Array.from({ length: wsCount }, () => wsCase(r))];
}
