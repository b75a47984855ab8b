// The first screen: the demo as one click, its five runs filling the summary table.
import { expect, it } from 'vitest';
import { attrs, SCREENSHOT_RUN, shoot, testId, TRAIN_TIMEOUT_MS } from '../support/browser';
import { e2e } from '../support/state';

export function homeDemoSteps(): void {
  it('refuses requests without the token', async () => {
    const { server } = e2e;
    expect((await fetch(`${server.origin}/`)).status).toBe(401);
    expect((await fetch(`${server.origin}/ws`)).status).toBe(401);
    expect((await fetch(`${server.origin}/?token=wrong-${server.token}`)).status).toBe(401);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it(
    'offers the demo as one click on the first screen and fills its table as the runs finish',
    async () => {
      const { page, server } = e2e;
      await page.goto(server.url);
      const card = page.locator(testId('demo-card'));
      await card.waitFor();
      expect(await card.getAttribute('data-state')).toBe('idle');
      expect(await page.locator(testId('demo-start')).textContent()).toMatch(/Run the demo/);
      expect(await page.locator(testId('connection-banner')).count()).toBe(0);
      await shoot(page, 'home-first-screen', false);

      // a small budget keeps the suite quick; the README's pictures come from the default budget
      // (a few minutes), so the numbers in them are what a user gets
      if (!SCREENSHOT_RUN) {
        await page.click('summary:has-text("Budget options")');
        await page.fill(testId('demo-epochs'), '1');
        await page.fill(testId('demo-samples'), '256');
      }
      const samples = page.locator(testId('demo-samples'));
      e2e.demoSamples = (await samples.inputValue()) || ((await samples.getAttribute('placeholder')) ?? ''); // empty: the default budget
      const t0 = Date.now();
      await page.click(testId('demo-start'));
      await expect.poll(() => page.locator(testId('demo-row')).count()).toBe(5);
      expect(await attrs(page.locator(testId('demo-row')), 'data-label')).toEqual(['teacher', 'baseline (CE)', 'KD', 'NST-POLY', 'KD+NST']);

      await page.locator(`${testId('demo-card')}[data-state="done"]`).waitFor({ timeout: TRAIN_TIMEOUT_MS });
      console.log(`[e2e] demo (5 runs) finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const rows = page.locator(testId('demo-row'));
      const ids = (await attrs(rows, 'data-run-id')) as string[];
      e2e.demo = { teacher: ids[0]!, baseline: ids[1]!, kd: ids[2]!, nst: ids[3]!, kdnst: ids[4]! };
      expect(await attrs(rows, 'data-status'), server.output()).toEqual(Array(5).fill('completed'));
      for (let i = 0; i < 5; i++) {
        expect(await rows.nth(i).locator(testId('demo-accuracy')).textContent()).toMatch(/^\d+\.\d%$/);
        expect(await rows.nth(i).locator(testId('demo-test-accuracy')).textContent()).toMatch(/^\d+\.\d%$/); // the demo has a test split
      }
      // gap recovered for the distilled rows ('—' only if teacher and baseline tie, which a tiny budget allows)
      for (let i = 2; i < 5; i++) expect(await rows.nth(i).locator(testId('demo-gap')).textContent()).toMatch(/^(-?\d+%|—)$/);
      expect(await rows.nth(0).locator(testId('demo-gap')).textContent()).toBe('—');
      await page
        .locator(`${testId('recent-runs')} ${testId('run-row')}`)
        .first()
        .waitFor();
      await shoot(page, 'home');
    },
    TRAIN_TIMEOUT_MS + 60_000,
  );
}
