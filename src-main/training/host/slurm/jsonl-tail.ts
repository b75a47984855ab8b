// Reads what was appended to a JSON-lines file since a byte offset: only complete lines (up to
// the last newline), so a line the worker is still writing is left for the next read and never
// ingested half. A line longer than the bound is skipped up to its newline and reported, never
// parsed; so is a line that is not a JSON object with a `type`.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface TailRead {
  lines: { text: string; end: number }[];
  /** Offset after the last complete line (or after skipped bytes of an overlong line). */
  offset: number;
  problems: string[];
}

const CHUNK = 4 * 1024 * 1024;

export class JsonlTail {
  /** Bytes of an overlong line were skipped and its newline is not yet found. */
  private skipping = false;

  constructor(
    private readonly file: string,
    private readonly maxLine: number,
  ) {}

  read(offset: number): TailRead {
    const out: TailRead = { lines: [], offset, problems: [] };
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch {
      return out; // not written yet
    }
    try {
      const size = fstatSync(fd).size;
      if (size < offset) {
        out.problems.push(`${this.file} is shorter than what was already read (${size} < ${offset} bytes); it was replaced, not appended to`);
        return out;
      }
      while (out.offset < size) {
        const buf = Buffer.alloc(Math.min(CHUNK, size - out.offset));
        const n = readSync(fd, buf, 0, buf.length, out.offset);
        if (n <= 0) break;
        let start = 0;
        for (let nl = buf.indexOf(10); nl !== -1 && nl < n; nl = buf.indexOf(10, start)) {
          if (this.skipping)
            this.skipping = false; // the end of an overlong line
          else if (nl - start > this.maxLine) out.problems.push(`skipped a line of ${nl - start} bytes in ${this.file} (longer than ${this.maxLine})`);
          else out.lines.push({ text: buf.toString('utf8', start, nl), end: out.offset + nl + 1 });
          start = nl + 1;
        }
        if (start === 0) {
          // no newline: an incomplete last line (wait for it), or an overlong one (skip its bytes)
          if (n < this.maxLine && !this.skipping) break;
          if (!this.skipping) out.problems.push(`skipped a line longer than ${this.maxLine} bytes in ${this.file}`);
          this.skipping = true;
          out.offset += n;
          continue;
        }
        out.offset += start;
        if (out.offset + (n - start) >= size) break; // the rest, if any, is an incomplete last line
      }
      return out;
    } finally {
      closeSync(fd);
    }
  }
}

/** A parsed line, or a reason it was rejected. */
export function parseLine(text: string): { ok: true; value: { type: string } & Record<string, unknown> } | { ok: false; why: string } {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string')
      return { ok: true, value: v as { type: string } };
    return { ok: false, why: 'not a message object' };
  } catch {
    return { ok: false, why: 'not valid JSON' };
  }
}
