// A sweep queues a grid of runs; the queue shows them with estimates, reorders and cancels.
import { expect, it } from 'vitest';
import { attrs, shoot, testId } from '../support/browser';
import { e2e } from '../support/state';

export function sweepQueueSteps(): void {
  it('queues a sweep (methods × kernels × seeds) and reorders and cancels it in the queue', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.server.url}#/new?clone=${encodeURIComponent(e2e.demo.kd)}`);
    await page.locator(testId('clone-note')).waitFor();
    await expect.poll(() => page.locator(testId('field-teacher')).inputValue()).toBe(e2e.demo.teacher);
    // long enough that no run of the sweep can finish before it is cancelled below (the history
    // steps delete all three as cancelled); the cloned demo budget now trains in seconds
    await page.fill(testId('field-epochs'), '200');
    await page.click(testId('open-sweep'));
    const dialog = page.locator(testId('sweep-dialog'));
    await dialog.waitFor();
    await page.click(testId('sweep-use-form'));
    await page.click(testId('sweep-preset-kd'));
    await page.click(testId('sweep-preset-nst-poly'));
    await page.click(testId('sweep-kernel-linear'));
    await page.click(testId('sweep-kernel-gaussian'));
    await page.fill(testId('sweep-seeds'), '5');
    expect(await page.locator(testId('sweep-count')).textContent()).toBe('3 runs'); // kd + nst × 2 kernels
    await page.click(testId('sweep-submit'));
    await page.waitForURL(/#\/queue$/);

    const items = page.locator(testId('queue-item'));
    await expect.poll(async () => (await items.count()) + (await page.locator(testId('queue-running-item')).count())).toBe(3);
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator(testId('queue-summary')).textContent()).toMatch(/queued/);
    expect(await items.first().locator(testId('queue-item-eta')).textContent()).toMatch(/starts in/);

    // move the first waiting run down: the server's order follows
    const before = (await attrs(items, 'data-run-id')) as string[];
    await items.first().locator(testId('queue-down')).click();
    await expect.poll(async () => (await attrs(items, 'data-run-id')).slice(0, 2)).toEqual([before[1], before[0]]);
    await shoot(page, 'queue');

    // cancel everything (the last waiting one first, then the rest and the running one)
    await items.last().locator(testId('queue-cancel')).click();
    await expect.poll(() => items.count()).toBe(before.length - 1);
    while ((await items.count()) > 0) {
      await items.first().locator(testId('queue-cancel')).click();
      await page.waitForTimeout(200);
    }
    const running = page.locator(testId('queue-running-cancel'));
    if (await running.count()) await running.first().click();
    await page.locator(testId('queue-empty')).waitFor();
    await expect.poll(() => page.locator(testId('queue-running-item')).count(), { timeout: 60_000 }).toBe(0);
  }, 120_000);
}
