// End to end in a real browser: starts `distill-studio serve` on a fresh data folder and drives
// every screen in headless Chromium against it: the one-click demo on home, the New run form
// (presets, layer pairs, YAML sync, import/export, clone), a sweep into the queue, live
// monitoring with notifications, cancel and resume, the run page (evaluation, attention maps,
// config), exports (verified model, metrics, bundle round trip), compare with its exports, the
// runs history (filters, sort, columns, tags, archive, delete), System, the dark theme. Saves
// the README screenshots (into docs/screenshots/ with `npm run screenshots`).
// Needs `npm run build` first and Chromium at /usr/bin/chromium (`apt-get install -y chromium`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { CHROMIUM, HAS_CHROMIUM, launch } from './support/browser';
import { startServer, stopServer } from './support/server';
import { e2e } from './support/state';
import { compareSteps } from './steps/compare';
import { exportSteps } from './steps/export';
import { historySteps } from './steps/history';
import { homeDemoSteps } from './steps/home-demo';
import { monitorSteps, NOTIFICATION_STUB } from './steps/monitor';
import { newRunSteps } from './steps/new-run';
import { runPageSteps } from './steps/run-page';
import { sweepQueueSteps } from './steps/sweep-queue';
import { systemThemeSteps } from './steps/system-theme';

if (!HAS_CHROMIUM) {
  console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}. Install it with \`apt-get update && apt-get install -y chromium\` (Debian/Ubuntu).`);
}

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'browser mode, end to end' : 'browser mode, end to end (skipped: `apt-get install -y chromium`)', () => {
  let profileDir = '';
  const started = Date.now();

  beforeAll(async () => {
    e2e.dataDir = mkdtempSync(join(tmpdir(), 'distill-e2e-data-'));
    profileDir = mkdtempSync(join(tmpdir(), 'distill-e2e-profile-'));
    e2e.server = await startServer(e2e.dataDir);
    e2e.context = await launch(profileDir);
    await e2e.context.addInitScript(NOTIFICATION_STUB);
    e2e.page = e2e.context.pages()[0] ?? (await e2e.context.newPage());
    e2e.page.setDefaultTimeout(30_000);
    e2e.page.on('pageerror', (e) => console.error('[e2e] page error:', e.message));
  }, 180_000);

  afterAll(async () => {
    await e2e.context?.close().catch(() => {});
    if (e2e.server) await stopServer(e2e.server.child);
    for (const dir of [e2e.dataDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(`[e2e] suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 60_000);

  homeDemoSteps();
  newRunSteps();
  sweepQueueSteps();
  monitorSteps();
  runPageSteps();
  exportSteps();
  compareSteps();
  historySteps();
  systemThemeSteps();
});
