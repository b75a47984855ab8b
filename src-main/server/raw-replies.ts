// Answers written straight onto a socket, for the two places that have no ServerResponse: a
// refused WebSocket upgrade and a request Node's parser rejected ('clientError'). Both end the
// connection; neither may throw, whatever state the socket is in.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { BASE_HEADERS } from './security-headers';

export function writeAndClose(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  if (socket.writable) {
    const body = `${status} ${STATUS_CODES[status] ?? 'Error'}: ${message}\n`;
    const headers = Object.entries({
      ...BASE_HEADERS,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      Connection: 'close',
    })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${headers}\r\n${body}`);
  }
  socket.destroy();
}

/** Handler for the HTTP server's 'clientError': 431 for oversized headers, 408 for timeouts,
 *  400 for anything else Node could not parse. */
export function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') writeAndClose(socket, 431, 'request headers too large');
  else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') writeAndClose(socket, 408, 'request took too long');
  else writeAndClose(socket, 400, 'malformed request');
}
