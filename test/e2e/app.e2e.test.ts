// End to end in a real browser: starts `distill-studio serve` on a fresh data folder, drives the
// UI in headless Chromium (home → new run → live progress → completed run with drawn charts →
// runs table → system page), checks the token guard, and saves the README screenshots.
// Needs `npm run build` first and Chromium at /usr/bin/chromium (`apt-get install -y chromium`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const TRAIN_TIMEOUT_MS = 8 * 60_000; // pure-JS backend on two cores: a small CNN takes minutes

if (!HAS_CHROMIUM) {
  console.warn(
    `[e2e] skipped: no Chromium at ${CHROMIUM}. Install it with \`apt-get update && apt-get install -y chromium\` ` +
      '(Debian/Ubuntu) to run the browser end-to-end tests.',
  );
}

/** Browser-side code is passed as strings: this file is type-checked without the DOM library. */
const inPage = <T>(page: Page, script: string): Promise<T> => page.evaluate(script) as Promise<T>;

const testId = (id: string): string => `[data-testid="${id}"]`;

interface Server {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
  output: () => string;
}

function startServer(dataDir: string): Promise<Server> {
  const cli = join(ROOT, 'bin', 'distill-studio.js');
  for (const built of ['out/main/cli.js', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  // detached: the server (and any re-exec'd Node or training worker) gets its own process group,
  // so afterAll can stop all of it by group id.
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 90 s:\n${log}`)), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it was ready:\n${log}`));
    });
    child.stdout!.on('data', () => {
      const m = /Distill Studio running at (http:\/\/\S+)/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      const url = new URL(m[1]);
      resolve({ child, url: m[1], origin: url.origin, token: url.searchParams.get('token') ?? '', output: () => log });
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM'); // lets running workers checkpoint
  const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM ? 'browser mode, end to end' : 'browser mode, end to end (skipped: `apt-get install -y chromium`)',
  () => {
    let server: Server;
    let context: BrowserContext;
    let page: Page;
    let dataDir: string;
    let profileDir: string;
    let runId = '';
    const started = Date.now();

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'distill-e2e-data-'));
      profileDir = mkdtempSync(join(tmpdir(), 'distill-e2e-profile-'));
      mkdirSync(SCREENSHOTS, { recursive: true });
      server = await startServer(dataDir);
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
        viewport: { width: 1320, height: 900 },
        colorScheme: 'light',
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(30_000);
      page.on('pageerror', (e) => console.error('[e2e] page error:', e.message));
    }, 180_000);

    afterAll(async () => {
      await context?.close().catch(() => {});
      if (server) await stopServer(server.child);
      for (const dir of [dataDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
      console.log(`[e2e] suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }, 60_000);

    it('refuses requests without the token', async () => {
      expect((await fetch(`${server.origin}/`)).status).toBe(401);
      expect((await fetch(`${server.origin}/ws`)).status).toBe(401);
      expect((await fetch(`${server.origin}/?token=wrong-${server.token}`)).status).toBe(401);
      expect((await fetch(server.url)).status).toBe(200);
    });

    it('shows the bundled MNIST demo on the home page', async () => {
      await page.goto(server.url);
      const card = page.locator(testId('dataset-card')).filter({ hasText: /MNIST/i });
      await card.first().waitFor();
      expect(await card.first().locator(testId('dataset-classes')).textContent()).toBe('10');
      expect(await card.first().locator(testId('dataset-shape')).textContent()).toBe('28×28×1');
      expect(await page.locator(testId('connection-banner')).count()).toBe(0);
    });

    it('validates the New run form inline', async () => {
      await page.click(testId('new-run-button'));
      await page.locator(testId('new-run-form')).waitFor();
      await page.fill(testId('field-epochs'), '0');
      await page.locator(testId('field-epochs')).blur();
      expect(await page.locator(testId('error-epochs')).textContent()).toMatch(/≥ 1/);
      await page.fill(testId('field-learning-rate'), 'fast');
      await page.locator(testId('field-learning-rate')).blur();
      expect(await page.locator(testId('error-learningRate')).textContent()).toMatch(/number/);
      expect(await page.locator(testId('kind-distill')).isDisabled()).toBe(true);
    });

    it('trains a small CNN and shows it live until it completes', async () => {
      const t0 = Date.now();
      const dataset = page.locator(testId('field-dataset'));
      const mnist = await dataset.locator('option', { hasText: /MNIST/i }).first().getAttribute('value');
      await dataset.selectOption(mnist!);
      await page.locator(testId('field-model')).selectOption('cnn');
      await page.fill(testId('field-name'), 'e2e-cnn');
      await page.fill(testId('field-epochs'), '2');
      await page.fill(testId('field-batch-size'), '32');
      await page.fill(testId('field-learning-rate'), '0.05');
      await page.fill(testId('field-max-train-samples'), '300');

      // Record every progress value the bar shows, from before the run exists until it ends.
      await inPage(
        page,
        `window.__progressSeen = []; setInterval(() => {
           const bar = document.querySelector('[data-testid="run-progress-bar"]');
           const v = bar && Number(bar.getAttribute('aria-valuenow'));
           if (bar && window.__progressSeen[window.__progressSeen.length - 1] !== v) window.__progressSeen.push(v);
         }, 50); 0`,
      );
      await page.click(testId('start-run'));
      await page.waitForURL(/#\/runs\/[^/]+$/);
      runId = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
      await page.locator(testId('run-view')).waitFor();

      const terminal = ['completed', 'failed', 'cancelled', 'interrupted', 'diverged']
        .map((s) => `${testId('run-status')}[data-status="${s}"]`)
        .join(', ');
      await page.locator(terminal).waitFor({ timeout: TRAIN_TIMEOUT_MS });
      const status = await page.locator(testId('run-status')).getAttribute('data-status');
      const error = status === 'completed' ? '' : await page.locator(testId('run-error')).textContent().catch(() => '');
      expect(status, `run ended ${status}: ${error}\n${server.output()}`).toBe('completed');
      console.log(`[e2e] training run ${runId} completed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

      const seen = await inPage<number[]>(page, 'window.__progressSeen');
      expect(seen.some((v) => v > 0), `progress values seen: ${seen.join(', ')}`).toBe(true);
      expect(seen.filter((v) => v > 0).length, `progress values seen: ${seen.join(', ')}`).toBeGreaterThan(1);

      await expect.poll(() => page.locator(testId('final-accuracy')).textContent()).toMatch(/^\d+(\.\d+)?%$/);
      await page.waitForTimeout(300); // let the last chart update paint
      for (const chart of ['chart-loss', 'chart-accuracy']) {
        const drawn = await inPage<number>(page, linePixelsScript(chart));
        expect(drawn, `${chart}: pixels in the series colour`).toBeGreaterThan(200);
      }
      expect(await page.locator(testId('run-config')).textContent()).toContain('"maxTrainSamples": 300');
      await page.screenshot({ path: join(SCREENSHOTS, 'run-page.png'), fullPage: true });
    }, TRAIN_TIMEOUT_MS + 60_000);

    it('lists the completed run in the Runs table, also after a reload without ?token=', async () => {
      expect(runId).not.toBe('');
      // the page comes from the auth cookie, the socket token from sessionStorage
      await page.goto(`${server.origin}/#/runs`);
      const row = page.locator(`${testId('run-row')}[data-run-id="${runId}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('completed');
      await expect.poll(() => row.locator(testId('run-row-acc')).textContent()).toMatch(/%$/);
      await row.click();
      await page.waitForURL(new RegExp(`#/runs/${encodeURIComponent(runId)}$`));
    });

    it('cancels a running run from its page', async () => {
      await page.click(testId('nav-new-run'));
      await page.locator(testId('field-model')).selectOption('cnn');
      await page.fill(testId('field-name'), 'e2e-cancel');
      await page.fill(testId('field-epochs'), '20');
      await page.fill(testId('field-batch-size'), '32');
      await page.fill(testId('field-max-train-samples'), '300');
      await page.click(testId('start-run'));
      await page.waitForURL(/#\/runs\/[^/]+$/);
      expect(page.url()).not.toContain(encodeURIComponent(runId));
      await page.locator(`${testId('run-status')}[data-status="running"]`).waitFor({ timeout: 120_000 });
      await page.click(testId('cancel-run'));
      await page.locator(`${testId('run-status')}[data-status="cancelled"]`).waitFor({ timeout: 120_000 });
      expect(await page.locator(testId('cancel-run')).count()).toBe(0);
    }, 300_000);

    it('shows the training backend on the System page', async () => {
      await page.click(testId('nav-system'));
      const name = page.locator(testId('system-backend-name'));
      await name.waitFor();
      expect((await name.textContent())?.trim()).toMatch(/tfjs/);
      expect(await page.locator(testId('system-backend-reason')).textContent()).not.toBe('');
      expect(await page.locator(testId('system-gpu')).textContent()).toMatch(/GPU: (yes|no)/);
    });

    it('lists the run under Recent runs on the home page', async () => {
      await page.click(testId('nav-home'));
      const row = page.locator(`${testId('recent-runs')} ${testId('run-row')}[data-run-id="${runId}"]`);
      await row.waitFor();
      await expect.poll(() => row.locator(testId('run-row-acc')).textContent()).toMatch(/%$/);
      await page.screenshot({ path: join(SCREENSHOTS, 'home.png') });
    });
  },
);

/**
 * Counts pixels close to the first series colour (--chart-1) in a chart's canvas: gridlines and
 * axes alone never match it, so a positive count means a data line was drawn.
 */
function linePixelsScript(testid: string): string {
  return `(() => {
    const canvas = document.querySelector('[data-testid="${testid}"]');
    if (!canvas) return -1;
    const probe = document.createElement('div');
    probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('--chart-1');
    document.body.appendChild(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/\\d+/g).map(Number);
    probe.remove();
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) < 40 && Math.abs(data[i + 1] - g) < 40 && Math.abs(data[i + 2] - b) < 40) n++;
    }
    return n;
  })()`;
}
