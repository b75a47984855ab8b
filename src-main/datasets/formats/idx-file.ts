// IDX files (the MNIST format, http://yann.lecun.com/exdb/mnist/): a 4-byte magic number
// (0, 0, element type, number of dimensions), one big-endian uint32 per dimension, then the
// items. Only unsigned bytes (type 0x08) hold images and labels; anything else is refused with
// the reason, as are sizes that do not match the header.
import { badInput, fmtInt } from '../import-errors';

export interface IdxArray {
  dims: number[];
  data: Uint8Array; // the items, a view into the file
}

const TYPE_NAMES: Record<number, string> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };

const hex = (n: number, width = 8) => `0x${n.toString(16).padStart(width, '0')}`;

export function parseIdx(buf: Uint8Array, file: string): IdxArray {
  if (buf.length === 0) throw badInput(file, 'empty file (0 bytes)');
  if (buf.length < 4) throw badInput(file, `truncated: ${fmtInt(buf.length)} bytes, too short for an IDX header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = view.getUint32(0);
  const type = buf[2]!;
  const ndims = buf[3]!;
  if (buf[0] !== 0 || buf[1] !== 0 || !TYPE_NAMES[type]) {
    throw badInput(file, `not an IDX file (magic number ${hex(magic)}, expected 0x00000801 for labels or 0x00000803 for images)`);
  }
  if (type !== 0x08) throw badInput(file, `IDX elements are ${TYPE_NAMES[type]}, only unsigned bytes (images and labels) can be imported`);
  if (ndims < 1 || ndims > 4) throw badInput(file, `IDX header says ${ndims} dimensions (magic ${hex(magic)}), expected 1 for labels or 3 for images`);
  const headerBytes = 4 + 4 * ndims;
  if (buf.length < headerBytes) throw badInput(file, `truncated: ${fmtInt(buf.length)} bytes, the header alone needs ${headerBytes}`);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  const items = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + items;
  const layout = `a header of ${headerBytes} bytes and ${dims.map(fmtInt).join(' × ')} bytes of data`;
  if (buf.length < expected) throw badInput(file, `truncated: ${fmtInt(buf.length)} bytes, expected ${fmtInt(expected)} (${layout})`);
  if (buf.length > expected)
    throw badInput(file, `${fmtInt(buf.length)} bytes, expected ${fmtInt(expected)} (${layout}): the dimensions in the header do not match the file`);
  return { dims, data: buf.subarray(headerBytes) };
}
