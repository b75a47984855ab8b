// The streaming tar reader: entries come out whole however the bytes are chunked; ustar
// prefixes, GNU long names and pax paths give the full name; unwanted bodies are not kept;
// truncation and damaged headers are reported with the archive and the entry.
import { describe, expect, it } from 'vitest';
import { TarParser, type TarEntry } from '../../../src-main/datasets/sources/tar-reader';
import { tarArchive } from '../../fixtures/datasets/generate';

function parseAll(archive: Buffer, chunk: number, want?: (name: string) => boolean): TarEntry[] {
  const p = new TarParser('a.tar', want);
  const out: TarEntry[] = [];
  for (let i = 0; i < archive.length; i += chunk) out.push(...p.push(archive.subarray(i, i + chunk)));
  out.push(...p.end());
  return out;
}

/** A raw 512-byte header of `type` for `name` with `size` bytes of body. */
function header(name: string, size: number, type: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}
const padded = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);

describe('tar reader', () => {
  const files = { 'd/a.bin': Buffer.alloc(1000, 7), 'd/empty.txt': '', 'd/b.txt': 'hello\n' };

  it.each([1, 7, 512, 100_000])('yields every file whole when fed %i bytes at a time', (chunk) => {
    const entries = parseAll(tarArchive(files), chunk);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['d/a.bin', 1000],
      ['d/empty.txt', 0],
      ['d/b.txt', 6],
    ]);
    expect(entries[0]!.data.equals(Buffer.alloc(1000, 7))).toBe(true);
    expect(entries[2]!.data.toString()).toBe('hello\n');
  });

  it('skips the bodies of entries the caller does not want', () => {
    const entries = parseAll(tarArchive(files), 300, (n) => n.endsWith('.txt'));
    expect(entries.map((e) => e.name)).toEqual(['d/empty.txt', 'd/b.txt']);
  });

  it('uses GNU long names and pax paths for the next entry', () => {
    const long = `${'x'.repeat(150)}/data_batch_1.bin`;
    const record = Buffer.from('16 path=p/q.bin\n'); // "<length of the whole record> key=value\n"
    const archive = Buffer.concat([
      header('././@LongLink', long.length + 1, 'L'),
      padded(Buffer.from(long + '\0')),
      header('short', 3, '0'),
      padded(Buffer.from('abc')),
      header('PaxHeader', record.length, 'x'),
      padded(record),
      header('ignored-name', 2, '0'),
      padded(Buffer.from('hi')),
      Buffer.alloc(1024),
    ]);
    expect(parseAll(archive, 64).map((e) => e.name)).toEqual([long, 'p/q.bin']);
  });

  it('names the entry an archive ends inside', () => {
    const archive = tarArchive(files);
    expect(() => parseAll(archive.subarray(0, 512 + 600), 512)).toThrow("a.tar: truncated: the archive ends inside 'd/a.bin' (600 of 1,000 bytes)");
    expect(() => parseAll(archive.subarray(0, 200), 512)).toThrow('a.tar: truncated: the archive ends inside a header at byte 200');
  });

  it('refuses a damaged header by its checksum', () => {
    const archive = Buffer.from(tarArchive(files));
    archive[3]! ^= 0x20;
    expect(() => parseAll(archive, 512)).toThrow('a.tar: not a tar archive, or damaged at byte 0 (header checksum mismatch)');
  });

  it('calls an archive without entries empty', () => {
    expect(() => parseAll(Buffer.alloc(1024), 512)).toThrow('a.tar: empty archive (no files in it)');
  });
});
