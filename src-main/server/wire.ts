// The browser-mode wire format (JSON text frames), mirrored by src-renderer/lib on the client:
//   client → server  { type: 'request', id, channel, input }
//   server → client  { type: 'response', id, result }   { type: 'event', event, payload }

export type DecodedFrame =
  | { ok: true; id: number; channel: string; input: unknown }
  | { ok: false; id: number; message: string };

export function decodeClientFrame(text: string): DecodedFrame {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { ok: false, id: -1, message: 'message is not valid JSON' };
  }
  const m = msg as { type?: unknown; id?: unknown; channel?: unknown; input?: unknown };
  const id = typeof m.id === 'number' ? m.id : -1;
  if (m.type !== 'request' || id < 0 || typeof m.channel !== 'string') {
    return { ok: false, id, message: "expected { type: 'request', id: number, channel: string, input }" };
  }
  return { ok: true, id, channel: m.channel, input: m.input };
}

export const encodeResponse = (id: number, result: unknown): string => JSON.stringify({ type: 'response', id, result });
export const encodeEvent = (event: string, payload: unknown): string => JSON.stringify({ type: 'event', event, payload });
