// The runs history: filters, search, sort, metric columns, rename/notes/tags, archive and
// restore, bulk delete with confirmation, keyboard navigation.
import { expect, it } from 'vitest';
import { attrs, shoot, testId, texts } from '../support/browser';
import { e2e } from '../support/state';

const pct = (t: string) => Number(t.replace('%', ''));

export function historySteps(): void {
  it('filters, searches, sorts and adds metric columns to the runs history', async () => {
    const { page, server } = e2e;
    await page.goto(`${server.url}#/runs`);
    await page.click(testId('filters-reset')); // filters stay while the app is open; start from none
    const rows = page.locator(testId('history-row'));
    await rows.first().waitFor();
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(8);
    const total = await rows.count();
    expect(total).toBeGreaterThanOrEqual(8);

    await page.click(testId('filter-kind-distill'));
    await expect.poll(async () => new Set(await attrs(rows, 'data-kind'))).toEqual(new Set(['distill']));
    await page.click(testId('filter-kind-distill'));
    await page.click(testId('filter-status-cancelled'));
    await expect.poll(async () => new Set(await attrs(rows, 'data-status'))).toEqual(new Set(['cancelled']));
    await page.click(testId('filter-status-cancelled'));
    await page.click(testId('filter-kernel-poly'));
    await expect.poll(async () => (await attrs(rows, 'data-run-id')).sort()).toEqual(expect.arrayContaining([e2e.demo.nst, e2e.demo.kdnst]));
    await page.click(testId('filter-kernel-poly'));

    await page.fill(testId('history-search'), 'NST-POLY');
    await expect.poll(async () => (await texts(rows.locator('.name'))).every((t) => /nst-poly/i.test(t))).toBe(true);
    await page.fill(testId('history-search'), '');
    await expect.poll(() => rows.count()).toBe(total);

    // best val/acc, highest first, then lowest first
    await page.click(testId('sort-metric-val/acc:best'));
    const cells = rows.locator(testId('cell-val/acc:best'));
    await expect
      .poll(async () => {
        const v = (await texts(cells)).filter((t) => t !== '—').map(pct);
        return v.length > 3 && v.every((x, i) => i === 0 || v[i - 1]! >= x);
      })
      .toBe(true);
    await page.click(testId('sort-metric-val/acc:best'));
    await expect
      .poll(async () => {
        const v = (await texts(cells)).filter((t) => t !== '—').map(pct);
        return v.length > 3 && v.every((x, i) => i === 0 || v[i - 1]! <= x);
      })
      .toBe(true);

    // a new metric column: teacher agreement (last)
    await page.click(`${testId('column-picker')} summary`);
    await page.locator(testId('column-key')).selectOption('final/agreement');
    await page.locator(testId('column-agg')).selectOption('last');
    await page.click(testId('column-add'));
    await page.click(`${testId('column-picker')} summary`);
    await page.locator(testId('sort-metric-final/agreement:last')).waitFor();
    const kdRow = page.locator(`${testId('history-row')}[data-run-id="${e2e.demo.kd}"]`);
    await expect.poll(() => kdRow.locator(testId('cell-final/agreement:last')).textContent()).toMatch(/%$/);
  }, 60_000);

  it('renames, tags and annotates a run, archives and restores it, and deletes runs in bulk', async () => {
    const { page } = e2e;
    const rows = page.locator(testId('history-row'));
    const row = (id: string) => page.locator(`${testId('history-row')}[data-run-id="${id}"]`);
    await row(e2e.demo.nst).locator(testId('row-edit')).click();
    await page.fill(testId('edit-name'), 'NST poly, renamed');
    await page.fill(testId('edit-tags-input'), 'paper');
    await page.keyboard.press('Enter');
    await page.fill(testId('edit-notes'), 'the one for the paper');
    await page.click(testId('edit-save'));
    await expect.poll(() => row(e2e.demo.nst).locator('.name').textContent()).toContain('NST poly, renamed');
    expect(await texts(row(e2e.demo.nst).locator('.tags .chip'))).toContain('paper');
    await page.fill(testId('filter-tag'), 'paper');
    await page.locator(testId('filter-tag')).press('Enter');
    await page.locator(testId('filter-tag')).blur();
    await expect.poll(() => attrs(rows, 'data-run-id')).toEqual([e2e.demo.nst]);
    await page.click(testId('filters-reset'));

    // archive: out of the list, into the archive, and back
    await row(e2e.demo.nst).locator(testId('row-select')).check();
    await page.click(testId('bulk-archive'));
    await row(e2e.demo.nst).waitFor({ state: 'detached' });
    await page.click(testId('filter-archived'));
    await row(e2e.demo.nst).waitFor();
    await row(e2e.demo.nst).locator(testId('row-select')).check();
    expect(await page.locator(testId('bulk-archive')).textContent()).toMatch(/Restore/);
    await page.click(testId('bulk-archive'));
    await row(e2e.demo.nst).waitFor({ state: 'detached' });
    await page.click(testId('filter-archived'));
    await row(e2e.demo.nst).waitFor();

    // delete the cancelled sweep runs, after a confirmation
    await page.click(testId('filter-status-cancelled'));
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    const doomed = await rows.count();
    await page.click(testId('select-all'));
    expect(await page.locator(testId('bulk-count')).textContent()).toBe(`${doomed} selected`);
    await page.click(testId('bulk-delete'));
    const dialog = page.locator(testId('confirm-dialog'));
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/cannot be undone/);
    await page.click(testId('confirm-ok'));
    await expect.poll(() => page.locator(testId('history-notice')).textContent()).toMatch(`${doomed} runs deleted`);
    await page.locator(testId('runs-no-match')).waitFor();
    await page.click(testId('filter-status-cancelled'));
    await rows.first().waitFor();
    await shoot(page, 'history');

    // keyboard: focus the table, move down, open
    await page.locator(testId('history-table')).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/runs\/[^/?]+/);
  }, 90_000);
}
