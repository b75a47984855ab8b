// Tailing a job's JSON-lines files: complete lines only, never a line twice or half, overlong and
// corrupt lines rejected with a reason.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlTail, parseLine } from '../../../../../src-main/training/host/slurm/jsonl-tail';
import { useTempDirs } from '../../../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('JsonlTail', () => {
  it('returns complete lines and leaves a partial one for the next read', () => {
    const file = join(tempDir(), 'm.jsonl');
    const tail = new JsonlTail(file, 100);
    expect(tail.read(0)).toEqual({ lines: [], offset: 0, problems: [] }); // not written yet
    writeFileSync(file, '{"type":"a"}\n{"type":"b"}\n{"type":');
    const first = tail.read(0);
    expect(first.lines.map((l) => l.text)).toEqual(['{"type":"a"}', '{"type":"b"}']);
    expect(first.offset).toBe(26);
    expect(first.lines[1]!.end).toBe(26);
    appendFileSync(file, '"c"}\n');
    const second = tail.read(first.offset);
    expect(second.lines.map((l) => l.text)).toEqual(['{"type":"c"}']);
    expect(tail.read(second.offset).lines).toEqual([]);
  });

  it('skips an overlong line, even one written across reads, and reports it', () => {
    const file = join(tempDir(), 'm.jsonl');
    const tail = new JsonlTail(file, 50);
    writeFileSync(file, `${'x'.repeat(80)}`);
    const a = tail.read(0);
    expect(a.lines).toEqual([]);
    expect(a.problems[0]).toMatch(/longer than 50/);
    appendFileSync(file, `${'y'.repeat(30)}\n{"type":"ok"}\n`);
    const b = tail.read(a.offset);
    expect(b.lines.map((l) => l.text)).toEqual(['{"type":"ok"}']);
    writeFileSync(file, `${'z'.repeat(60)}\n{"type":"ok"}\n`);
    const c = new JsonlTail(file, 50).read(0);
    expect(c.lines.map((l) => l.text)).toEqual(['{"type":"ok"}']);
    expect(c.problems).toHaveLength(1);
  });

  it('reports a file that shrank instead of reading it again', () => {
    const file = join(tempDir(), 'm.jsonl');
    writeFileSync(file, '{"type":"a"}\n');
    expect(new JsonlTail(file, 100).read(50).problems[0]).toMatch(/replaced/);
  });
});

describe('parseLine', () => {
  it('accepts message objects and rejects everything else', () => {
    expect(parseLine('{"type":"log","message":"hi"}')).toMatchObject({ ok: true, value: { type: 'log' } });
    expect(parseLine('{"type":')).toEqual({ ok: false, why: 'not valid JSON' });
    expect(parseLine('[1,2]')).toEqual({ ok: false, why: 'not a message object' });
    expect(parseLine('{"points":[]}')).toEqual({ ok: false, why: 'not a message object' });
  });
});
