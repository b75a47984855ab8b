// History query benchmark: with a generated history of 10,000 runs × 200
// metric points, the time of one runs-table page as the runs:query channel computes it (filters,
// metric columns, sorting by a metric), measured in-process against the SQLite file. Target ≤ 50 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../src-main/db';
import { queryRuns, type RunQuery } from '../src-main/db/run-queries';
import { generateHistory } from './ui-history';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 100) / 100;

const base: RunQuery = { archived: false, sort: { by: 'created', dir: 'desc' }, columns: [], offset: 0, limit: 100 };
const columns = [
  { key: 'val/acc', agg: 'best' as const },
  { key: 'train/loss', agg: 'last' as const },
];
const CASES: { name: string; query: RunQuery }[] = [
  { name: 'newest first, 2 metric columns', query: { ...base, columns } },
  { name: 'sorted by best val/acc', query: { ...base, columns, sort: { by: 'metric', metric: { key: 'val/acc', agg: 'best' }, dir: 'desc' } } },
  { name: 'filter method=nst, kernel=gaussian', query: { ...base, columns, method: ['nst'], kernel: ['gaussian'] } },
  { name: 'text search + status filter', query: { ...base, columns, search: 'resnet8', status: ['completed'] } },
  { name: 'page 50 (offset 4,900)', query: { ...base, columns, offset: 4900 } },
];

export async function runHistoryQueryBench(options: { quick?: boolean } = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'distill-bench-history-'));
  try {
    const history = generateHistory(dir, { runs: options.quick ? 2000 : 10_000, long: 0, longPoints: 0 });
    const db = openDatabase(join(dir, 'studio.db'));
    const cases = CASES.map(({ name, query }) => {
      queryRuns(db, query); // warm the page cache
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        total = queryRuns(db, query).total;
        samples.push(performance.now() - t0);
      }
      const ms = median(samples);
      console.log(`  ${name.padEnd(38)} ${ms.toFixed(1)} ms (${total} matching)`);
      return { name, medianMs: round(ms), maxMs: round(Math.max(...samples)), matching: total, pass: ms <= 50 };
    });
    closeDatabase(db);
    return {
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version },
      history: { runs: history.runs, pointsPerRun: history.pointsPerRun, generateSeconds: round(history.seconds) },
      budgetMs: 50,
      pageSize: 100,
      cases,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
