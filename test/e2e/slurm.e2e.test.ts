// End to end on a real single-node Slurm cluster: in the browser-mode UI a distill config with the
// Slurm executor becomes a 3-seed sweep, submitted as one job array; while a job holding the node's
// CPUs keeps it waiting, a run's page says "pending on Slurm (<reason>)"; then the page draws its
// loss curve live while the job trains on the "node", and every run completes.
// Needs `npm run build`, Chromium at /usr/bin/chromium, and root with slurm-wlm and munge installed.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slurmUnavailableReason, startSlurmCluster, type SlurmCluster } from '../helpers/slurm-cluster';
import { cliSync, readRun, waitFor, writeConfig } from '../helpers/slurm-runs';
import { HAS_CHROMIUM, inPage, launch, linePixelsScript, shoot, testId, TRAIN_TIMEOUT_MS, waitRunEnd } from './support/browser';
import { startServer, stopServer, type Server } from './support/server';
import type { BrowserContext, Page } from 'playwright-core';

const why = !HAS_CHROMIUM ? 'no Chromium at /usr/bin/chromium' : slurmUnavailableReason();
let cluster: SlurmCluster | null = null;
let server: Server | null = null;
let context: BrowserContext | null = null;
let page: Page;
let dataDir = '';
let profileDir = '';
let teacherId = '';

function distillRuns(): { id: string; status: string }[] {
  const db = new Database(join(dataDir, 'studio.db'), { readonly: true });
  try {
    return db.prepare("SELECT id, status FROM runs WHERE kind = 'distill' ORDER BY id").all() as { id: string; status: string }[];
  } finally {
    db.close();
  }
}

describe.skipIf(why)('a sweep on Slurm from the browser', () => {
  beforeAll(async () => {
    cluster = await startSlurmCluster();
    process.env.SLURM_CONF = cluster.conf; // the server inherits it
    dataDir = mkdtempSync(join(tmpdir(), 'distill-e2e-slurm-'));
    profileDir = mkdtempSync(join(tmpdir(), 'distill-e2e-slurm-profile-'));
    const teacher = cliSync(['train', writeConfig(dataDir, { name: 'e2e teacher', kind: 'teacher', epochs: 1 }), '--json', '--data-dir', dataDir], {});
    teacherId = JSON.parse(teacher.stdout).id;
    server = await startServer(dataDir);
    context = await launch(profileDir);
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    if (server) await stopServer(server.child);
    cluster?.stop();
    delete process.env.SLURM_CONF;
    for (const dir of [dataDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it(
    'submits the sweep as one job array and shows live curves',
    async () => {
      await page.goto(`${server!.url}#/system`);
      await expect
        .poll(
          async () =>
            page
              .locator(testId('system-executors'))
              .textContent()
              .catch(() => ''),
          { timeout: 20_000 },
        )
        .toMatch(/Slurm available/);

      await page.goto(`${server!.url}#/new`);
      await page.click(testId('kind-distill'));
      await page.locator(testId('field-model')).selectOption('cnn');
      await page.locator(testId('field-teacher')).selectOption(teacherId);
      await page.fill(testId('field-epochs'), '2');
      await page.fill(testId('field-max-train-samples'), '1536');
      await page.fill(testId('field-max-val-samples'), '200');
      await page.locator(testId('field-executor')).selectOption('slurm');
      await page.fill(testId('field-slurm-partition'), cluster!.partition);
      await page.click(testId('open-sweep'));
      await page.locator(testId('sweep-dialog')).waitFor();
      await page.fill(testId('sweep-seeds'), '1, 2, 3');
      expect(await page.locator(testId('sweep-count')).textContent()).toBe('3 runs');
      // a job holding every CPU of the node keeps the sweep pending until it is cancelled
      const blocker = cluster!.run('sbatch', ['--parsable', `--cpus-per-task=${cpus().length}`, '-o', '/dev/null', '--wrap', 'sleep 600']).trim();
      await waitFor('the blocking job running', () => /JobState=RUNNING/.test(cluster!.run('scontrol', ['show', 'job', '-o', blocker])), 60_000);
      await page.click(testId('sweep-submit'));
      await page.waitForURL(/#\/queue$/);

      const runs = await waitFor('three distill runs', () => distillRuns().length === 3 && distillRuns(), 30_000);
      const jobs = await waitFor(
        'their Slurm jobs',
        () => {
          const ids = runs.map((r) => readRun(dataDir, r.id).job_id as string | null);
          return ids.every(Boolean) && ids;
        },
        30_000,
      );
      const arrayId = jobs[0]!.split('_')[0];
      expect([...jobs].sort()).toEqual([`${arrayId}_0`, `${arrayId}_1`, `${arrayId}_2`]);

      // a run's page while its job trains: the loss curve is drawn from the ingested lines
      const first = runs[jobs.indexOf(`${arrayId}_0`)]!.id; // task 0 starts first
      await page.goto(`${server!.url}#/runs/${encodeURIComponent(first)}`);
      await expect
        .poll(() => page.locator(testId('run-progress-text')).textContent(), { timeout: 60_000 })
        .toMatch(/^pending on Slurm \((Resources|Priority)\)$/);
      await shoot(page, 'slurm-run-pending', false);
      cluster!.run('scancel', [blocker]);
      await page.locator(`${testId('run-status')}[data-status="running"]`).waitFor({ timeout: 120_000 });
      await expect.poll(async () => Number(await page.locator(testId('chart-loss')).getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(0);
      const statusWhenDrawn = await page.locator(testId('run-status')).getAttribute('data-status');
      const pointsWhenDrawn = Number(await page.locator(testId('chart-loss')).getAttribute('data-points'));
      expect(statusWhenDrawn).toBe('running');
      await expect.poll(() => inPage<number>(page, linePixelsScript('chart-loss')), { timeout: 30_000 }).toBeGreaterThan(50);
      await expect
        .poll(async () => Number(await page.locator(testId('chart-loss')).getAttribute('data-points')), { timeout: 60_000 })
        .toBeGreaterThan(pointsWhenDrawn);
      await shoot(page, 'slurm-run-live', false);
      await waitRunEnd(page, server!);
      await waitFor('every run to complete', () => distillRuns().every((r) => r.status === 'completed'), TRAIN_TIMEOUT_MS, 1000);
    },
    TRAIN_TIMEOUT_MS,
  );
});
