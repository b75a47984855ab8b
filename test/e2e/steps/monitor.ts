// The monitor: a distill run watched live (progress with ETA, loss terms raw and weighted, log),
// a desktop notification when it ends; cancelling a run and resuming it from its checkpoint.
import { expect, it } from 'vitest';
import { cssVarColour, inPage, linePixelsScript, runIdFromUrl, shoot, testId, TRAIN_TIMEOUT_MS, waitRunEnd } from '../support/browser';
import { e2e } from '../support/state';

/** Installed before the app loads: records notifications instead of showing them. */
export const NOTIFICATION_STUB = `(() => {
  window.__notifications = [];
  class RecordedNotification {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options) { window.__notifications.push({ title, body: options && options.body }); }
  }
  window.Notification = RecordedNotification;
})();`;

export function monitorSteps(): void {
  it(
    'monitors a distill run live and notifies when it finishes',
    async () => {
      const { page, server } = e2e;
      await page.goto(`${server.url}#/new?clone=${encodeURIComponent(e2e.demo.kdnst)}`);
      await page.locator(testId('clone-note')).waitFor();
      await page.fill(testId('field-name'), 'e2e monitored KD+NST');
      await page.fill(testId('field-epochs'), '2');
      await inPage(
        page,
        `window.__progressSeen = []; setInterval(() => {
         const bar = document.querySelector('[data-testid="run-progress-bar"]');
         const v = bar && Number(bar.getAttribute('aria-valuenow'));
         if (bar && window.__progressSeen[window.__progressSeen.length - 1] !== v) window.__progressSeen.push(v);
       }, 50); 0`,
      );
      await page.click(testId('start-run'));
      await page.waitForURL(/#\/runs\/[^/?]+/);
      e2e.monitored = runIdFromUrl(page);
      await page.locator(`${testId('tab-curves')}`).waitFor();
      expect(await page.locator(testId('tab-curves')).textContent()).toMatch(/Monitor|Curves/);
      await page.locator(`${testId('run-status')}[data-status="running"]`).waitFor({ timeout: 120_000 });
      await expect.poll(() => page.locator(testId('run-progress-text')).textContent(), { timeout: 60_000 }).toMatch(/epoch \d\/2 · \d+% · ETA/);
      await page.locator(testId('log-tail')).waitFor();
      await waitRunEnd(page, server);

      const seen = await inPage<number[]>(page, 'window.__progressSeen');
      expect(seen.filter((v) => v > 0).length, `progress values seen: ${seen.join(', ')}`).toBeGreaterThan(1);
      await page.waitForTimeout(300);
      for (const chart of ['chart-loss', 'chart-accuracy', 'chart-terms-raw', 'chart-terms-weighted', 'chart-lr', 'chart-throughput']) {
        expect(
          await inPage<number>(page, linePixelsScript(chart, chart === 'chart-throughput' ? cssVarColour('--chart-3') : undefined)),
          chart,
        ).toBeGreaterThan(50);
      }
      // the legend names every term raw and weighted: ce, kd, nst[stage2]
      expect(await page.locator(testId('chart-terms-raw')).getAttribute('data-points')).not.toBe('0');
      await page.locator(testId('smoothing-slider')).fill('0');
      expect(await page.locator(testId('smoothing-value')).textContent()).toBe('0.00');
      await page.locator(testId('smoothing-slider')).fill('0.8');
      await shoot(page, 'run-page');

      const notes = await inPage<{ title: string; body: string }[]>(page, 'window.__notifications');
      expect(
        notes.some((n) => /completed/.test(n.title) && n.body.includes('e2e monitored')),
        JSON.stringify(notes),
      ).toBe(true);
      await page.click(testId('tab-log'));
      await expect.poll(async () => await page.locator(`${testId('log-tail')} .line`).count()).toBeGreaterThan(0);
    },
    TRAIN_TIMEOUT_MS,
  );

  it(
    'cancels a running run and resumes it from its checkpoint',
    async () => {
      const { page, server } = e2e;
      await page.goto(`${server.url}#/new?clone=${encodeURIComponent(e2e.demo.baseline)}`);
      await page.locator(testId('clone-note')).waitFor();
      await page.fill(testId('field-name'), 'e2e cancel and resume');
      // epochs of the demo's 256 images take well under a second: leave many to cancel during
      await page.fill(testId('field-epochs'), '12');
      await page.click(testId('start-run'));
      await page.waitForURL(/#\/runs\/[^/?]+/);
      // wait for a checkpoint (epoch 2 or later under way, the last not yet) so the resume has something to continue
      await expect.poll(() => page.locator(testId('run-progress-text')).textContent(), { timeout: 120_000 }).toMatch(/epoch ([2-9]|1[01])\/12/);
      await page.click(testId('cancel-run'));
      await page.locator(`${testId('run-status')}[data-status="cancelled"]`).waitFor({ timeout: 60_000 });
      expect(await page.locator(testId('cancel-run')).count()).toBe(0);
      e2e.resumed = runIdFromUrl(page);
      await page.click(testId('resume-run'));
      await page.locator(`${testId('run-status')}:not([data-status="cancelled"])`).waitFor();
      await waitRunEnd(page, server);
      expect(await page.locator(testId('final-accuracy')).textContent()).toMatch(/%$/);
      const notes = await inPage<{ title: string }[]>(page, 'window.__notifications');
      expect(notes.length).toBeGreaterThanOrEqual(2);
    },
    TRAIN_TIMEOUT_MS,
  );
}
