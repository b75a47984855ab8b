// Ingests a job folder's JSON lines into the run's records: reads what was appended since the
// stored byte offsets (complete lines only), checks each line, hands the messages on, and stores
// the new offsets in the same transaction as the rows they produced, so that after a crash or
// restart of the app no line is ingested twice and none is skipped. Metric lines are read before
// the logs, and again just before a run's end is handed on, so the end always follows its metrics.
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { dropMetricsAfter, setSlurmOffsets } from '../../../db';
import { LOGS_FILE, MAX_LINE_BYTES, METRICS_FILE } from '../../job-folder';
import type { WorkerMessage } from '../../worker/protocol';
import { lineProblem, LogsLineSchema, MetricsLineSchema, toWorkerMessage, type LogsLine } from './job-lines';
import { JsonlTail, parseLine } from './jsonl-tail';

export interface IngestSink {
  /** A message for the supervisor (metrics, progress, logs, the end). */
  deliver(message: WorkerMessage): void;
  /** A run's end read from the logs: return false to hold it back (a stop for a requeue). */
  onEnd(line: Extract<LogsLine, { type: 'done' | 'failed' }>): boolean;
  /** A rejected line or an unreadable file, in words. */
  problem(text: string): void;
}

export class JobIngest {
  private readonly metrics: JsonlTail;
  private readonly logs: JsonlTail;
  /** Milliseconds from a line being written on the node to it being stored here. */
  readonly lags: number[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly runId: string,
    jobDir: string,
    public metricsOffset: number,
    public logsOffset: number,
  ) {
    this.metrics = new JsonlTail(join(jobDir, METRICS_FILE), MAX_LINE_BYTES);
    this.logs = new JsonlTail(join(jobDir, LOGS_FILE), MAX_LINE_BYTES);
  }

  /** Reads and hands on everything new; returns how many lines were ingested. */
  run(sink: IngestSink): number {
    let count = 0;
    this.db.transaction(() => {
      count += this.drainMetrics(sink);
      const read = this.logs.read(this.logsOffset);
      read.problems.forEach((p) => sink.problem(p));
      for (const line of read.lines) {
        this.logsOffset = line.end;
        const parsed = parseLine(line.text);
        const checked = parsed.ok ? LogsLineSchema.safeParse(parsed.value) : null;
        if (!checked?.success) {
          sink.problem(
            checked ? lineProblem(LOGS_FILE, line.end, checked.error) : `${LOGS_FILE} line ending at byte ${line.end} rejected: ${parsed.ok ? '' : parsed.why}`,
          );
          continue;
        }
        count++;
        this.lags.push(Date.now() - checked.data.at);
        if (checked.data.type === 'done' || checked.data.type === 'failed') {
          count += this.drainMetrics(sink);
          if (sink.onEnd(checked.data)) sink.deliver(toWorkerMessage(checked.data));
        } else {
          sink.deliver(toWorkerMessage(checked.data));
        }
      }
      this.logsOffset = Math.max(this.logsOffset, read.offset);
      setSlurmOffsets(this.db, this.runId, this.metricsOffset, this.logsOffset);
    })();
    return count;
  }

  private drainMetrics(sink: IngestSink): number {
    const read = this.metrics.read(this.metricsOffset);
    read.problems.forEach((p) => sink.problem(p));
    let count = 0;
    for (const line of read.lines) {
      const parsed = parseLine(line.text);
      const checked = parsed.ok ? MetricsLineSchema.safeParse(parsed.value) : null;
      if (!checked?.success) {
        sink.problem(
          checked
            ? lineProblem(METRICS_FILE, line.end, checked.error)
            : `${METRICS_FILE} line ending at byte ${line.end} rejected: ${parsed.ok ? '' : parsed.why}`,
        );
        continue;
      }
      count++;
      this.lags.push(Date.now() - checked.data.at);
      if (checked.data.type === 'rewind') {
        const dropped = dropMetricsAfter(this.db, this.runId, checked.data.step);
        sink.deliver({
          type: 'log',
          level: 'info',
          message: `attempt ${checked.data.attempt} continues after step ${checked.data.step}; ${dropped} metric points it repeats were dropped`,
        });
      } else {
        sink.deliver({ type: 'metrics', points: checked.data.points });
      }
    }
    this.metricsOffset = read.offset;
    return count;
  }
}

/** "median 420 ms, p95 900 ms, max 1.2 s over 312 lines" for the run's log. */
export function describeLags(lags: number[]): string {
  if (!lags.length) return 'no lines';
  const s = [...lags].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${s.at(-1)} ms over ${s.length} lines`;
}
