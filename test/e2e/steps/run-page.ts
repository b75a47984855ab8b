// The run page of a finished distill run: evaluation (confusion matrix, per-class accuracy, gap
// recovered), teacher vs student attention maps, config and environment.
import { expect, it } from 'vitest';
import { inPage, shoot, testId } from '../support/browser';
import { e2e } from '../support/state';

export function runPageSteps(): void {
  it('shows the evaluation, attention maps, config and environment of a distill run', async () => {
    const { page, server } = e2e;
    await page.goto(`${server.url}#/runs/${encodeURIComponent(e2e.demo.kdnst)}?tab=evaluation`);
    await page.locator(testId('confusion-matrix')).waitFor();
    expect(await page.locator(`${testId('confusion-matrix')} ${testId('confusion-cell')}`).count()).toBe(100);
    expect(await page.locator(`${testId('per-class-accuracy')} li`).count()).toBe(10);
    expect(await page.locator(testId('report-acc')).textContent()).toMatch(/^\d+\.\d\d%$/);
    // the share of the teacher–baseline gap (or why there is none: a tiny budget can make them tie)
    expect(await page.locator(`${testId('report-gap')}, ${testId('report-gap-none')}`).textContent()).toMatch(/Gap recovered/i);
    await shoot(page, 'run-evaluation');
    // KD+NST: three weighted terms at the start, their shares adding up to the whole loss
    const shares = page.locator(`${testId('term-shares')} .chip`);
    await expect.poll(() => shares.count()).toBe(3);
    expect((await Promise.all([0, 1, 2].map((i) => shares.nth(i).getAttribute('data-term')))).sort()).toEqual(['ce', 'kd', 'nst[stage2]']);
    const total = (await Promise.all([0, 1, 2].map((i) => shares.nth(i).getAttribute('data-share')))).reduce((a, v) => a + Number(v), 0);
    expect(total).toBeCloseTo(1, 3);
    // the demo's runs balance their weights at the start: the weights chosen are shown, and no term swamps the rest
    expect(await page.locator(testId('term-shares-balanced')).textContent()).toMatch(
      /weights balanced at the start: [\d.]+·ce \+ [\d.]+·kd \+ [\d.]+·nst\[stage2\]/,
    );
    expect(await page.locator(testId('term-shares-warning')).count()).toBe(0);

    await page.click(testId('tab-attention'));
    await page.fill(testId('attention-samples'), '0, 1, 2, 3');
    await page.click(testId('attention-show'));
    await page.locator(testId('attention-maps')).waitFor({ timeout: 60_000 });
    expect(await page.locator(testId('attention-row')).count()).toBe(4);
    expect(await page.locator(testId('attention-teacher')).count()).toBeGreaterThanOrEqual(4);
    await expect
      .poll(() =>
        inPage<number>(page, `[...document.querySelectorAll('[data-testid="attention-student"]')].filter((i) => i.complete && i.naturalWidth > 0).length`),
      )
      .toBeGreaterThanOrEqual(4);
    await shoot(page, 'run-attention');

    await page.click(testId('tab-config'));
    expect(await page.locator(testId('run-config')).textContent()).toContain('kind: distill');
    expect(await page.locator(testId('run-config')).textContent()).toContain('method: nst');
    expect((await page.locator(testId('env-fingerprint')).textContent())?.trim()).toMatch(/^[0-9a-f]{16,}$/);
    expect(await page.locator(testId('env-backend')).textContent()).not.toMatch(/not reported/);
    expect(await page.locator(testId('env-seed')).textContent()).toBe('1');
    expect(await page.locator(testId('env-teacher')).textContent()).toBe(e2e.demo.teacher);
  }, 120_000);
}
