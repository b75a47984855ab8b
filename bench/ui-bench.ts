// UI benchmark: with a generated history of 10,000 runs × 200 metric points, how long
// Chromium takes to show the first rows of the runs table (≤ 300 ms) and to draw a comparison of
// 10 runs × 10,000 points (≤ 500 ms), against the real browser-mode server.
//   node bench/run.mjs ui [--quick]     (standalone; `npm run bench` runs it with the others)
// Each number is measured in the page: from the route change to the frame after the rows (or
// every chart) appeared, so it includes the request, the server query, rendering and painting.
// The first navigation is reported apart (it also loads the screen's code); then the median of
// repeated navigations.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { generateHistory } from './ui-history';
import { projectRoot } from './project-root';

const ROOT = projectRoot();
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RUNS_TABLE_BUDGET_MS = 300;
const COMPARE_BUDGET_MS = 500;

export interface UiBenchResult {
  date: string;
  machine: { cpus: string; cores: number; node: string; browser: string };
  history: { runs: number; pointsPerRun: number; generateSeconds: number };
  runsTable: { firstMs: number; medianMs: number; samplesMs: number[]; budgetMs: number; pass: boolean; rowsInDom: number; scrollToMiddleMs: number };
  compare: {
    runs: number;
    pointsPerRun: number;
    pointsDrawnPerChart: number;
    firstMs: number;
    medianMs: number;
    samplesMs: number[];
    budgetMs: number;
    pass: boolean;
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'distill-studio.js'), 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 120_000);
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)));
  });
}

function stop(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    /* gone */
  }
}

/**
 * Go to a hash route and time, in the page, until an element matching `ready` exists (seen by a
 * MutationObserver, so no polling delay) plus the next animation frame (it has been painted).
 */
async function timeRoute(page: Page, hash: string, ready: string): Promise<number> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    const timer = setTimeout(() => reject(new Error('timed out waiting for ' + ${JSON.stringify(ready)})), 60000);
    let seen = false;
    const check = () => {
      if (seen || !document.querySelector(${JSON.stringify(ready)})) return;
      seen = true;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    location.hash = ${JSON.stringify(hash)};
    check();
  })`)) as number;
}

export async function runUiBench(options: { quick?: boolean } = {}): Promise<UiBenchResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) throw new Error('build the app first (npm run build)');
  const runs = options.quick ? 2_000 : 10_000;
  const repeats = options.quick ? 3 : 7;
  const dataDir = mkdtempSync(join(os.tmpdir(), 'distill-ui-bench-'));
  const profile = mkdtempSync(join(os.tmpdir(), 'distill-ui-bench-profile-'));
  console.log(`   generating ${runs} runs × 200 points + 20 runs × 10,000 points…`);
  const history = generateHistory(dataDir, { runs, long: 20, longPoints: 10_000 });
  console.log(`   generated in ${history.seconds.toFixed(1)} s; starting the server and Chromium`);
  const server = await serve(dataDir);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await page.locator('[data-testid="home-view"]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(2_000); // the app has settled (and fetched the other screens' code)

    // 1. the runs table: first rows on screen
    const table: number[] = [];
    for (let i = 0; i <= repeats; i++) {
      table.push(await timeRoute(page, '#/runs', '[data-testid="history-row"]'));
      await timeRoute(page, '#/', '[data-testid="home-view"]');
      await page.waitForTimeout(500); // let the home page finish its own requests
    }
    await timeRoute(page, '#/runs', '[data-testid="history-row"]');
    const rowsInDom = await page.locator('[data-testid="history-row"]').count();
    const scrollToMiddleMs = (await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('[data-testid="history-table"]');
      const t0 = performance.now();
      el.scrollTop = el.scrollHeight / 2;
      const check = () => {
        const row = [...document.querySelectorAll('[data-testid="history-row"]')].find((r) => Math.abs(r.getBoundingClientRect().top - el.getBoundingClientRect().top) < el.clientHeight);
        if (row && row.getAttribute('aria-rowindex') > ${Math.floor(runs / 2) - 100}) requestAnimationFrame(() => resolve(performance.now() - t0));
        else requestAnimationFrame(check);
      };
      check();
    })`)) as number;

    // 2. the comparison: 10 runs × 10,000 points, every chart drawn (opened from the home page,
    //    two different selections alternating, so each time fetches and draws from scratch)
    const a = history.longRunIds.slice(0, 10);
    const b = history.longRunIds.slice(10, 20);
    const compare: number[] = [];
    let drawn = 0;
    for (let i = 0; i <= repeats; i++) {
      const ids = (i % 2 === 0 ? a : b).join(',');
      compare.push(await timeRoute(page, `#/compare?ids=${ids}`, '[data-testid="compare-curves"][data-drawn="true"]'));
      drawn = Number(await page.locator('canvas[data-testid^="compare-chart-"][data-points]').first().getAttribute('data-points'));
      await timeRoute(page, '#/', '[data-testid="home-view"]'); // open the comparison afresh each time
      await page.waitForTimeout(500);
    }

    const [firstTable, ...warmTable] = table;
    const [firstCompare, ...warmCompare] = compare;
    const result: UiBenchResult = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, browser: context.browser()?.version() ?? 'chromium' },
      history: { runs: history.runs, pointsPerRun: history.pointsPerRun, generateSeconds: round(history.seconds) },
      runsTable: {
        firstMs: round(firstTable!),
        medianMs: round(median(warmTable)),
        samplesMs: warmTable.map(round),
        budgetMs: RUNS_TABLE_BUDGET_MS,
        pass: median(warmTable) <= RUNS_TABLE_BUDGET_MS && firstTable! <= RUNS_TABLE_BUDGET_MS,
        rowsInDom,
        scrollToMiddleMs: round(scrollToMiddleMs),
      },
      compare: {
        runs: 10,
        pointsPerRun: history.longPoints,
        pointsDrawnPerChart: drawn,
        firstMs: round(firstCompare!),
        medianMs: round(median(warmCompare)),
        samplesMs: warmCompare.map(round),
        budgetMs: COMPARE_BUDGET_MS,
        pass: median(warmCompare) <= COMPARE_BUDGET_MS && firstCompare! <= COMPARE_BUDGET_MS,
      },
    };
    console.log(
      `   runs table: first ${result.runsTable.firstMs} ms, median ${result.runsTable.medianMs} ms (${rowsInDom} rows in the DOM of ${runs}); compare 10 × 10,000: first ${result.compare.firstMs} ms, median ${result.compare.medianMs} ms`,
    );
    return result;
  } finally {
    await context.close().catch(() => {});
    stop(server.child);
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
