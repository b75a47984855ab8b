// One browser-mode WebSocket: decodes request frames, dispatches them to the services and
// answers. Nothing a client sends can throw out of here: ws reports protocol violations as
// 'error' after closing with the matching code (1002 bad framing, 1007 bad UTF-8, 1009 too big),
// binary frames close with 1003, malformed JSON is answered with invalid_input, a failing
// handler with internal, and a client that floods requests or stops reading is dropped.
import type { WebSocket } from 'ws';
import { isRequestChannel } from '../services/dispatch';
import type { StudioServices } from '../services/studio-services';
import { decodeClientFrame, encodeResponse } from './wire';

/** Requests one socket may have unanswered at once; more closes it with 1008. */
export const MAX_IN_FLIGHT = 256;
/** Unsent bytes queued for one socket before it counts as not reading and is dropped. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export function sendText(ws: WebSocket, text: string): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  ws.send(text, (err) => {
    if (err) ws.terminate();
  });
}

export function attachConnection(ws: WebSocket, services: StudioServices): void {
  let inFlight = 0;
  // ws has already closed the socket with the right code; without a listener the error would
  // be thrown and end the process.
  ws.on('error', () => undefined);

  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'binary frames are not supported: send JSON text');
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      ws.close(1008, `more than ${MAX_IN_FLIGHT} requests in flight`);
      return;
    }
    const frame = decodeClientFrame(String(data));
    if (!frame.ok) {
      sendText(ws, encodeResponse(frame.id, { ok: false, error: { code: 'invalid_input', message: frame.message } }));
      return;
    }
    inFlight++;
    void answer(services, frame.channel, frame.input)
      .then((result) => sendText(ws, encodeResponse(frame.id, result)))
      .catch(() => ws.terminate()) // a result that cannot be encoded: drop this client, keep the server
      .finally(() => inFlight--);
  });
}

async function answer(services: StudioServices, channel: string, input: unknown): Promise<unknown> {
  if (!isRequestChannel(channel)) return { ok: false, error: { code: 'unknown_channel', message: `unknown request channel '${channel.slice(0, 100)}'` } };
  try {
    return await services.invoke(channel, input);
  } catch (e) {
    // invoke turns expected failures into data; this is a bug or a pathological input (say,
    // JSON nested deep enough to overflow a validator's stack).
    return { ok: false, error: { code: 'internal', message: `request failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
}
