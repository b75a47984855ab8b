// Exports: the model as ONNX and as TF.js (each verified on the spot), metrics as CSV, a bundle
// imported back.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { download, shoot, testId } from '../support/browser';
import { e2e } from '../support/state';

export function exportSteps(): void {
  it('exports a model, verified against the run, its metrics, and a bundle that imports back', async () => {
    const { page, server } = e2e;
    const out = mkdtempSync(join(tmpdir(), 'distill-e2e-export-'));
    await page.goto(`${server.url}#/runs/${encodeURIComponent(e2e.demo.kd)}?tab=export`);
    await page.fill(testId('export-model-dir'), join(out, 'model'));
    await page.click(testId('export-model-submit'));
    const result = page.locator(testId('export-model-result'));
    await result.waitFor({ timeout: 120_000 }).catch(async () => {
      throw new Error(
        `no export result: ${await page
          .locator(testId('export-model-error'))
          .textContent()
          .catch(() => '?')}`,
      );
    });
    expect(await result.getAttribute('data-matches')).toBe('true');
    expect(await page.locator(testId('export-verified')).textContent()).toMatch(/^\d+\.\d\d%$/);
    expect(await page.locator(testId('export-verified')).textContent()).toBe(await page.locator(testId('export-recorded')).textContent());
    expect(existsSync(join(out, 'model', 'model.onnx'))).toBe(true); // ONNX is the default format
    expect(existsSync(join(out, 'model', 'model-card.json'))).toBe(true);
    await shoot(page, 'run-export');
    await page.click(testId('export-format-tfjs'));
    await page.fill(testId('export-model-dir'), join(out, 'tfjs'));
    await page.click(testId('export-model-submit'));
    await expect.poll(() => existsSync(join(out, 'tfjs', 'model.json')), { timeout: 120_000 }).toBe(true);
    await page.locator(`${testId('export-model-result')}[data-matches="true"]`).waitFor({ timeout: 120_000 });

    const csv = await download(page, () => page.click(testId('export-metrics-csv')));
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.split('\n')[0]).toMatch(/key/);
    expect(csv.text).toContain('val/acc');

    // a bundle of the resumed run: refused while the run is in this library, imported once deleted
    await page.goto(`${server.url}#/runs/${encodeURIComponent(e2e.resumed)}?tab=export`);
    const bundle = join(out, 'resumed.distill');
    await page.fill(testId('export-bundle-file'), bundle);
    await page.click(testId('export-bundle-submit'));
    await page.locator(testId('export-bundle-result')).waitFor({ timeout: 60_000 });
    expect(existsSync(bundle)).toBe(true);

    await page.click(testId('nav-runs'));
    await page.click(testId('import-bundle'));
    await page.fill(testId('import-path'), bundle);
    await page.click(testId('import-submit'));
    expect(await page.locator(testId('import-error')).textContent()).toMatch(/already/);
    await page.locator(`${testId('import-dialog')} button[aria-label="Close"]`).click();
    const row = page.locator(`${testId('history-row')}[data-run-id="${e2e.resumed}"]`);
    await row.locator(testId('row-select')).check();
    await page.click(testId('bulk-delete'));
    await page.click(testId('confirm-ok'));
    await row.waitFor({ state: 'detached' });
    await page.click(testId('import-bundle'));
    await page.fill(testId('import-path'), bundle);
    await page.click(testId('import-submit'));
    await page.waitForURL((url) => /#\/runs\/[^/?]+/.test(url.hash), { timeout: 60_000 });
    expect(await page.locator(testId('run-name')).textContent()).toBe('e2e cancel and resume');
    expect(await page.locator(testId('run-status')).getAttribute('data-status')).toBe('completed');
    expect(await page.locator(testId('final-accuracy')).textContent()).toMatch(/%$/);
  }, 180_000);
}
