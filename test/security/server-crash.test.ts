// Hostile input that used to kill a real `distill-studio serve` process: malformed cookies and
// request targets (no token needed), and malformed WebSocket frames from a token holder. Each
// case checks the exact refusal and that the same process still answers afterwards.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { closeCodeOf, frame, isAlive, openRawSocket, rawExchange, startServeProcess, textMessages, upgradeRequest, type ServeProcess } from './server-harness';

let server: ServeProcess | null = null;

// A case that kills the process must not take the next cases down with it.
beforeEach(async () => {
  if (server && (await isAlive(server))) return;
  await server?.stop();
  server = await startServeProcess();
});

afterAll(async () => {
  await server?.stop();
});

const s = () => server!;

describe('malformed HTTP input without a token', () => {
  it('answers a request with an undecodable cookie with 401', async () => {
    const reply = await rawExchange(s().port, `GET / HTTP/1.1\r\nHost: ${s().host}\r\nCookie: a=%zz\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(401);
    expect(await isAlive(s())).toBe(true);
  });

  it('answers an upgrade with an undecodable cookie with 401', async () => {
    const reply = await rawExchange(s().port, upgradeRequest(s().host, '/ws', { Cookie: 'a=%zz; b=%E0%A4%A' }));
    expect(reply.status).toBe(401);
    expect(await isAlive(s())).toBe(true);
  });

  it('answers an unparsable request target with 400', async () => {
    const reply = await rawExchange(s().port, `GET http://[ HTTP/1.1\r\nHost: ${s().host}\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(400);
    expect(await isAlive(s())).toBe(true);
  });

  it('answers an upgrade with an unparsable request target with 400', async () => {
    const reply = await rawExchange(s().port, upgradeRequest(s().host, 'http://['));
    expect(reply.status).toBe(400);
    expect(await isAlive(s())).toBe(true);
  });

  it('answers bytes that are not HTTP with 400 and oversized headers with 431, with our headers', async () => {
    const garbage = await rawExchange(s().port, Buffer.from([0x16, 0x03, 0x01, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect(garbage.status).toBe(400);
    expect(garbage.data.toString('latin1')).toMatch(/X-Content-Type-Options: nosniff/);
    const huge = await rawExchange(s().port, `GET / HTTP/1.1\r\nHost: ${s().host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(await isAlive(s())).toBe(true);
  });

  it('still authorises a good token next to an undecodable cookie', async () => {
    const reply = await rawExchange(s().port, `GET /healthz?token=${s().token} HTTP/1.1\r\nHost: ${s().host}\r\nCookie: x=%zz\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(200);
  });
});

describe('malformed WebSocket frames from a token holder', () => {
  async function sendAndClose(bytes: Buffer): Promise<number | null> {
    const raw = await openRawSocket(s());
    raw.socket.write(bytes);
    expect(await raw.closed()).toBe(true);
    return closeCodeOf(raw.received());
  }

  it('answers JSON that is not a request object with invalid_input and keeps the socket', async () => {
    const raw = await openRawSocket(s());
    for (const text of ['null', '[]', '42', '"x"', '{"type":"request","id":-1,"channel":"runs:list"}', '{"type":"request","id":1.5,"channel":"runs:list"}']) {
      raw.socket.write(frame(0x1, text));
    }
    raw.socket.write(frame(0x1, JSON.stringify({ type: 'request', id: 7, channel: 'datasets:list' })));
    await new Promise((r) => setTimeout(r, 500));
    const messages = textMessages(raw.received()) as { id: number; result: { ok: boolean; error?: { code: string } } }[];
    expect(messages).toHaveLength(7);
    expect(messages.slice(0, 6).map((m) => m.result.error?.code)).toEqual(Array(6).fill('invalid_input'));
    expect(messages[6]).toMatchObject({ id: 7, result: { ok: true } });
    raw.socket.destroy();
    expect(await isAlive(s())).toBe(true);
  });

  it('closes with 1009 on a frame over the payload limit', async () => {
    expect(await sendAndClose(frame(0x1, Buffer.alloc(0), { declaredLength: 16 * 1024 * 1024 + 1 }))).toBe(1009);
    expect(await isAlive(s())).toBe(true);
  });

  it('closes with 1002 on a reserved opcode', async () => {
    expect(await sendAndClose(frame(0x3, 'x'))).toBe(1002);
    expect(await isAlive(s())).toBe(true);
  });

  it('closes with 1002 on an unmasked client frame', async () => {
    expect(await sendAndClose(frame(0x1, '{}', { mask: false }))).toBe(1002);
    expect(await isAlive(s())).toBe(true);
  });

  it('closes with 1002 on reserved bits and on a fragmented control frame', async () => {
    expect(await sendAndClose(frame(0x1, '{}', { rsv: 4 }))).toBe(1002);
    expect(await sendAndClose(frame(0x9, 'ping', { fin: false }))).toBe(1002);
    expect(await isAlive(s())).toBe(true);
  });

  it('closes with 1007 on a text frame that is not UTF-8', async () => {
    expect(await sendAndClose(frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))).toBe(1007);
    expect(await isAlive(s())).toBe(true);
  });

  it('closes with 1003 on a binary frame', async () => {
    expect(await sendAndClose(frame(0x2, Buffer.from('{"type":"request","id":1,"channel":"runs:list"}')))).toBe(1003);
    expect(await isAlive(s())).toBe(true);
  });
});
