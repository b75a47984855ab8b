// Compare: overlaid curves with fixed colours, the metrics table (best in bold, gap recovered),
// configs side by side, the confusion-matrix difference, and every export.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { attrs, download, inPage, linePixelsScript, shoot, testId, texts, TRAIN_TIMEOUT_MS } from '../support/browser';
import { e2e } from '../support/state';

export function compareSteps(): void {
  it(
    'starts a seed group and compares it as one entry: mean ± std band and columns',
    async () => {
      const { page, server } = e2e;
      await page.goto(`${server.url}#/new?clone=${encodeURIComponent(e2e.demo.baseline)}`);
      await page.locator(testId('clone-note')).waitFor();
      await page.fill(testId('field-name'), 'e2e seeds');
      await page.fill(testId('field-seeds'), '11, 12');
      await page.fill(testId('field-max-train-samples'), '128');
      await page.click(testId('start-run'));
      await page.waitForURL(/#\/queue$/);
      await page.locator(testId('queue-summary')).waitFor();
      const inQueue = async () => (await page.locator(testId('queue-item')).count()) + (await page.locator(testId('queue-running-item')).count());
      await expect.poll(inQueue, { timeout: TRAIN_TIMEOUT_MS, interval: 1000 }).toBe(0);

      await page.click(testId('nav-runs'));
      await page.fill(testId('history-search'), 'e2e seeds');
      const rows = page.locator(testId('history-row'));
      await expect.poll(async () => attrs(rows, 'data-status'), { timeout: 30_000 }).toEqual(['completed', 'completed']);
      const seeds = (await attrs(rows, 'data-run-id')) as string[];
      expect(await texts(rows.locator('.tags .chip'))).toEqual([expect.stringMatching(/^group:/), expect.stringMatching(/^group:/)]);
      await page.click(testId('filters-reset'));

      await page.goto(`${server.url}#/compare?ids=${[e2e.demo.baseline, seeds[0]].join(',')}`);
      await page.locator(testId('compare-entry')).nth(1).waitFor();
      await page.locator('[data-testid^="compare-add-group-"]').first().click(); // "+ all of <group>"
      await expect.poll(() => page.locator(testId('compare-entry')).nth(1).textContent()).toMatch(/2 seeds/);
      expect(await page.locator(testId('compare-entry')).count()).toBe(2); // baseline + the group
      await page.locator(`${testId('compare-curves')}[data-drawn="true"]`).waitFor();
      expect(await page.locator(testId('compare-row')).nth(1).textContent()).toMatch(/e2e seeds.*n=2.*±/s);
      await page.click(testId('compare-group-mode'));
      await expect.poll(() => page.locator(testId('compare-entry')).count()).toBe(3);
      await page.click(testId('compare-group-mode'));
      await shoot(page, 'compare-seed-group', false);
    },
    TRAIN_TIMEOUT_MS,
  );

  it('compares runs with fixed colours, best values in bold, gap recovered and a confusion difference', async () => {
    const { page, server } = e2e;
    const { baseline, kd, nst, kdnst } = e2e.demo;
    await page.goto(`${server.url}#/compare?ids=${[baseline, kd, nst, kdnst].join(',')}`);
    await page.locator(`${testId('compare-curves')}[data-drawn="true"]`).waitFor({ timeout: 30_000 });
    expect(await page.locator(testId('compare-entry')).count()).toBe(4);
    // the first run's fixed colour (#4e79a7) is drawn in the loss chart
    await page.waitForTimeout(200);
    expect(await inPage<number>(page, linePixelsScript('compare-chart-train-loss', "'#4e79a7'"))).toBeGreaterThan(50);
    expect(await inPage<number>(page, linePixelsScript('compare-chart-train-loss', "'#f28e2b'"))).toBeGreaterThan(50);

    const rows = page.locator(testId('compare-row'));
    expect(await rows.count()).toBe(4);
    expect(await page.locator(`${testId('compare-cell')}[data-best="true"]`).count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator(testId('gap-baseline')).inputValue()).toBe(baseline);
    await expect.poll(() => page.locator(testId('gap-teacher')).inputValue()).toBe(e2e.demo.teacher);
    expect(await page.locator(`${testId('compare-table')} thead`).textContent()).toMatch(/gap recovered/);

    // config side by side: differences only, then everything
    expect(new Set(await attrs(page.locator(testId('config-row')), 'data-differs'))).toEqual(new Set(['true']));
    await page.click(testId('config-diff-only'));
    expect(await attrs(page.locator(testId('config-row')), 'data-differs')).toContain('false');
    await page.click(testId('config-diff-only'));

    await page.locator(testId('confusion-diff-grid')).waitFor({ timeout: 30_000 });
    expect(await page.locator(`${testId('confusion-diff-grid')} ${testId('confusion-cell')}`).count()).toBe(100);
    await shoot(page, 'compare');

    const csv = await download(page, () => page.click(testId('compare-export-csv')));
    expect(csv.name).toBe('comparison.csv');
    expect(csv.text.split('\n')[0]).toMatch(/^run,runs,val\/acc \(best\),val\/acc \(best\) std/);
    expect(csv.text.split('\n').filter(Boolean)).toHaveLength(5);
    const md = await download(page, () => page.click(testId('compare-export-md')));
    expect(md.text).toMatch(/^\| Run \| val\/acc \(best\) \(%\) \|/);
    expect(md.text).toContain('**');
    const png = await download(page, () => page.click(testId('compare-chart-train-loss-png')));
    expect(png.name).toMatch(/\.png$/);
    expect(
      readFileSync(await png.download.path())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const svg = await download(page, () => page.click(testId('compare-chart-train-loss-svg')));
    expect(svg.name).toMatch(/\.svg$/);
    expect(svg.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.text.match(/<path /g)?.length).toBeGreaterThanOrEqual(4);
  }, 120_000);
}
