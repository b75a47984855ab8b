// Ingesting a job folder's lines: metrics and logs reach the records once, the offsets move in the
// same transaction, a restart (a new ingest from the stored offsets) reads nothing twice, a rewind
// drops repeated points, and corrupt or hostile lines are rejected with a reason, not ingested.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countMetrics, getSlurmJob, insertMetrics, recordSlurmSubmission } from '../../../../../src-main/db';
import { JobIngest, type IngestSink } from '../../../../../src-main/training/host/slurm/job-ingest';
import type { WorkerMessage } from '../../../../../src-main/training/worker/protocol';
import { addRun, useTestDb } from '../../../db/fixtures';

const { open, tempDir } = useTestDb();

function setup() {
  const db = open();
  addRun(db, { id: 'r' });
  const dir = tempDir();
  recordSlurmSubmission(db, 'r', '1', dir, '{}');
  const got: WorkerMessage[] = [];
  const problems: string[] = [];
  const sink: IngestSink = {
    deliver: (m) => {
      got.push(m);
      if (m.type === 'metrics') insertMetrics(db, 'r', m.points);
    },
    onEnd: () => true,
    problem: (t) => problems.push(t),
  };
  return { db, dir, got, problems, sink };
}

const point = (step: number) => ({ key: 'train/loss', step, epoch: 1, value: 1 / step });
const metricsLine = (steps: number[]) => `${JSON.stringify({ type: 'metrics', points: steps.map(point), at: Date.now() })}\n`;

describe('JobIngest', () => {
  it('ingests complete lines once and stores offsets a restart continues from', () => {
    const { db, dir, got, sink } = setup();
    writeFileSync(join(dir, 'metrics.jsonl'), metricsLine([1, 2]) + '{"type":"metrics","poi');
    writeFileSync(join(dir, 'logs.jsonl'), `${JSON.stringify({ type: 'log', level: 'info', message: 'hi', at: Date.now() })}\n`);
    const first = new JobIngest(db, 'r', dir, 0, 0);
    expect(first.run(sink)).toBe(2);
    expect(countMetrics(db, 'r')).toBe(2);
    const row = getSlurmJob(db, 'r')!;
    expect(row.metricsOffset).toBe(metricsLine([1, 2]).length);
    appendFileSync(join(dir, 'metrics.jsonl'), `nts":[${JSON.stringify(point(3))}],"at":1}\n`);
    const again = new JobIngest(db, 'r', dir, row.metricsOffset, row.logsOffset); // the app restarted
    expect(again.run(sink)).toBe(1);
    expect(countMetrics(db, 'r')).toBe(3);
    expect(got.filter((m) => m.type === 'log')).toHaveLength(1);
  });

  it('drops the points a restarted attempt repeats', () => {
    const { db, dir, got, sink } = setup();
    writeFileSync(
      join(dir, 'metrics.jsonl'),
      metricsLine([1, 2, 3, 4]) + `${JSON.stringify({ type: 'rewind', step: 2, attempt: 2, at: 1 })}\n` + metricsLine([3]),
    );
    new JobIngest(db, 'r', dir, 0, 0).run(sink);
    expect(countMetrics(db, 'r')).toBe(3);
    expect(got.some((m) => m.type === 'log' && /attempt 2 continues after step 2; 2 metric points/.test(m.message))).toBe(true);
  });

  it('rejects corrupt and hostile lines with a reason and keeps going', () => {
    const { db, dir, problems, sink } = setup();
    const hostile = [
      'not json',
      '{"type":"metrics","points":[{"key":"x","step":-1,"epoch":0,"value":1}],"at":1}',
      '{"type":"metrics","points":"all","at":1}',
      `{"type":"log","level":"info","message":"${'x'.repeat(30_000)}","at":1}`,
      '{"type":"done","status":"completed","finalMetrics":{},"artifacts":[{"kind":"model","path":"/etc","bytes":-5}],"at":1}',
      '{"type":"exec","cmd":"rm -rf /","at":1}',
      '{"__proto__":{"type":"log"}}',
    ];
    writeFileSync(join(dir, 'metrics.jsonl'), hostile.slice(0, 3).join('\n') + '\n' + metricsLine([7]));
    writeFileSync(join(dir, 'logs.jsonl'), hostile.slice(3).join('\n') + '\n');
    expect(() => new JobIngest(db, 'r', dir, 0, 0).run(sink)).not.toThrow();
    expect(countMetrics(db, 'r')).toBe(1);
    expect(problems).toHaveLength(hostile.length);
    expect(problems[0]).toMatch(/metrics\.jsonl line ending at byte \d+ rejected: not valid JSON/);
  });

  it('hands on a run’s end only after the metrics written before it', () => {
    const { db, dir, got, sink } = setup();
    writeFileSync(join(dir, 'logs.jsonl'), `${JSON.stringify({ type: 'failed', status: 'failed', message: 'boom', at: 1 })}\n`);
    writeFileSync(join(dir, 'metrics.jsonl'), metricsLine([1]));
    new JobIngest(db, 'r', dir, 0, 0).run(sink);
    expect(got.map((m) => m.type)).toEqual(['metrics', 'failed']);
  });
});
