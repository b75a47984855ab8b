// Datasets screens end to end in headless Chromium against `distill-studio serve`: the library
// list with the bundled MNIST demo; importing a generated CIFAR-10 archive and an image folder
// through the dialog's path field (format detected, progress to done); the dataset page (thumbnails
// per split and class, class-balance chart drawn, mean/std, splits); a bad path; cancelling an
// import; deleting a dataset a run uses (refused, then forced). Saves the datasets*.png screenshots
// (into docs/screenshots/ with `npm run screenshots`).
// Needs `npm run build` first and Chromium at /usr/bin/chromium.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cifar10Files, encodedImage, imageFolder, tarArchive } from '../fixtures/datasets/generate';
import { SCREENSHOTS } from './support/browser';
import { CHROMIUM, colourPixelsScript, inPage, invoke, launchBrowser, startServer, stopServer, tallScreenshot, testId, type Server } from './datasets-harness';

const HAS_CHROMIUM = existsSync(CHROMIUM);
const row = (id: string) => `${testId('dataset-row')}[data-dataset-id="${id}"]`;

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'datasets screens, end to end' : 'datasets screens (skipped: `apt-get install -y chromium`)', () => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  let work: string;
  let cifarId = '';
  let folderId = '';
  const files = { cifar: '', folder: '', big: '' };
  const started = Date.now();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'distill-e2e-datasets-'));
    dataDir = join(work, 'data');
    mkdirSync(SCREENSHOTS, { recursive: true });
    // CIFAR-10 as distributed: a .tar.gz with cifar-10-batches-bin/ (5 × 100 training, 100 test)
    const members = Object.fromEntries(Object.entries(cifar10Files(100, 5, 100)).map(([k, v]) => [`cifar-10-batches-bin/${k}`, v]));
    files.cifar = join(work, 'cifar-10-binary.tar.gz');
    writeFileSync(files.cifar, gzipSync(tarArchive(members)));
    files.folder = join(work, 'pets');
    await imageFolder(files.folder, ['cats', 'dogs', 'owls'], 6);
    // Big enough to still be running when Cancel is clicked: 2,400 JPEGs of 400×300.
    files.big = join(work, 'big-photos');
    for (let c = 0; c < 4; c++) {
      mkdirSync(join(files.big, `class${c}`), { recursive: true });
      const jpeg = await encodedImage('jpeg', 400, 300, c + 1);
      for (let i = 0; i < 600; i++) writeFileSync(join(files.big, `class${c}`, `img${i}.jpg`), jpeg);
    }
    server = await startServer(dataDir);
    context = await launchBrowser(join(work, 'profile'));
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error('[e2e datasets] page error:', e.message));
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    if (server) await stopServer(server.child);
    if (work) rmSync(work, { recursive: true, force: true });
    console.log(`[e2e datasets] suite took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 60_000);

  async function openDialog(): Promise<void> {
    await page.click(testId('import-button'));
    await page.locator(`${testId('import-dialog')}[open]`).waitFor();
  }

  async function importPath(path: string, format: string): Promise<void> {
    await openDialog();
    await page.fill(testId('import-path'), path);
    await page.locator(`${testId('import-detection')}[data-format="${format}"]`).waitFor();
  }

  async function datasetIds(): Promise<string[]> {
    return page.locator(testId('dataset-row')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-dataset-id') ?? ''));
  }

  it('lists the MNIST demo with counts, size on disk, format and runs', async () => {
    await page.goto(server.url);
    await page.click(testId('nav-datasets'));
    const demo = page.locator(row('mnist-demo'));
    await demo.waitFor();
    expect(await demo.locator(testId('dataset-row-samples')).textContent()).toBe('10,000');
    expect(await demo.locator(testId('dataset-row-classes')).textContent()).toBe('10');
    expect(await demo.locator(testId('dataset-row-shape')).textContent()).toBe('28×28×1');
    expect(await demo.locator(testId('dataset-row-splits')).textContent()).toBe('train 5,998 · val 2,000 · test 2,002');
    expect(await demo.locator(testId('dataset-row-size')).textContent()).toMatch(/^\d+(\.\d)? MB$/);
    expect(await demo.locator(testId('dataset-row-format')).getAttribute('data-format')).toBe('mnist-demo');
    expect(await demo.locator(testId('dataset-row-format')).textContent()).toBe('MNIST demo');
    expect(await demo.locator(testId('dataset-row-runs')).getAttribute('data-count')).toBe('0');
    expect(await demo.locator(testId('dataset-row-runs')).textContent()).toMatch(/no runs/);
  });

  it('imports a CIFAR-10 archive: format detected, progress bar to done', async () => {
    await importPath(files.cifar, 'cifar10');
    expect(await page.locator(testId('import-detection')).textContent()).toMatch(/CIFAR-10/);
    expect(await page.inputValue(testId('import-name'))).toMatch(/CIFAR-10/i);
    expect(await page.locator(testId('import-folder-options')).count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'datasets-import.png') });
    await page.click(testId('import-start'));
    const progress = page.locator(`${testId('import-dialog')} ${testId('import-progress')}`);
    await page.locator(`${testId('import-dialog')} ${testId('import-progress')}[data-status="done"]`).waitFor();
    expect(await progress.locator(testId('import-progress-bar')).getAttribute('aria-valuenow')).toBe('100');
    expect(await progress.locator(testId('import-caption')).textContent()).toMatch(/^Done · 100% · took /);
    expect(await progress.locator(testId('import-message')).textContent()).toMatch(/Imported 600 samples in 10 classes/);
    await page.screenshot({ path: join(SCREENSHOTS, 'datasets-import-done.png') });
    await page.click(testId('import-close'));
    const ids = await datasetIds();
    cifarId = ids.find((id) => id !== 'mnist-demo') ?? '';
    expect(cifarId).not.toBe('');
    expect(await page.locator(row(cifarId)).locator(testId('dataset-row-splits')).textContent()).toBe('train 450 · val 50 · test 100');
    expect(await page.locator(row(cifarId)).locator(testId('dataset-row-format')).getAttribute('data-format')).toBe('cifar10');
    expect(await page.locator(testId('imports-panel')).count()).toBe(0); // seen in the dialog, not kept
  });

  it('imports an image folder with its own options', async () => {
    const before = await datasetIds();
    await importPath(files.folder, 'folder');
    await page.locator(testId('import-folder-options')).waitFor();
    await page.fill(testId('import-size'), '24');
    await page.fill(testId('import-name'), 'Pets');
    await page.click(testId('import-start'));
    await page.locator(`${testId('import-dialog')} ${testId('import-progress')}[data-status="done"]`).waitFor();
    await page.click(testId('import-close'));
    await expect.poll(async () => (await datasetIds()).length).toBe(before.length + 1);
    folderId = (await datasetIds()).find((id) => !before.includes(id))!;
    const r = page.locator(row(folderId));
    expect(await r.locator(testId('dataset-row-name')).textContent()).toBe('Pets');
    expect(await r.locator(testId('dataset-row-shape')).textContent()).toBe('24×24×3');
    expect(await r.locator(testId('dataset-row-format')).textContent()).toBe('Image folder');
    expect(await r.locator(testId('dataset-row-samples')).textContent()).toBe('18');
  });

  it('shows a dataset: thumbnails per split and class, class balance, mean/std, splits', async () => {
    await page.locator(row(cifarId)).locator(testId('dataset-row-name')).click();
    await page.waitForURL(new RegExp(`#/datasets/${cifarId}$`));
    await page.locator(testId('dataset-view')).waitFor();
    expect(await page.locator(testId('dataset-title')).textContent()).toMatch(/CIFAR-10/);
    const thumbs = page.locator(testId('sample-thumb'));
    await expect.poll(() => thumbs.count()).toBe(48);
    expect(await page.locator(testId('gallery-range')).textContent()).toBe('1–48 of 450');
    expect(await thumbs.first().locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);

    const splits = await page
      .locator(testId('dataset-split-row'))
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-split'), r.querySelector('[data-testid="dataset-split-count"]')?.textContent]));
    expect(splits).toEqual([
      ['train', '450'],
      ['val', '50'],
      ['test', '100'],
    ]);
    const means = await page.locator(testId('dataset-mean')).allTextContents();
    const stds = await page.locator(testId('dataset-std')).allTextContents();
    expect(means).toHaveLength(3);
    for (const v of [...means, ...stds]) expect(v).toMatch(/^0\.\d{4}$/);
    expect(Number(means[0])).toBeCloseTo(0.5, 1); // uniform random pixels
    expect(Number(stds[0])).toBeCloseTo(0.29, 1);

    const chart = page.locator(testId('class-balance-chart'));
    await chart.scrollIntoViewIfNeeded();
    await expect.poll(() => inPage<number>(page, colourPixelsScript('class-balance-chart', '--chart-1'))).toBeGreaterThan(500);
    expect(await inPage<number>(page, colourPixelsScript('class-balance-chart', '--chart-3'))).toBeGreaterThan(100); // test bars
    expect(await page.locator(testId('class-balance-summary')).textContent()).toBe('Balanced: 60 samples in every class');

    // one class: 45 training samples of 'cat' (index 3)
    await page.click(`${testId('class-option')}[data-class-index="3"]`);
    await expect.poll(() => page.locator(testId('gallery-range')).textContent()).toBe('1–45 of 45');
    expect(new Set(await thumbs.evaluateAll((t) => t.map((e) => e.getAttribute('data-label'))))).toEqual(new Set(['3']));
    // keyboard: → moves to the next class
    await page.focus(`${testId('class-option')}[aria-checked="true"]`);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator(`${testId('class-option')}[aria-checked="true"]`).getAttribute('data-class-index')).toBe('4');
    await expect.poll(async () => [...new Set(await thumbs.evaluateAll((t) => t.map((e) => e.getAttribute('data-label'))))]).toEqual(['4']);

    // another split keeps the class: 10 test samples of class 4
    await page.click(testId('tab-test'));
    await expect.poll(() => page.locator(testId('gallery-range')).textContent()).toBe('1–10 of 10');
    expect(await page.locator(testId('sample-gallery')).getAttribute('data-split')).toBe('test');
    // all classes, page 2
    await page.click(`${testId('class-option')}[data-class-index="all"]`);
    await expect.poll(() => page.locator(testId('gallery-range')).textContent()).toBe('1–48 of 100');
    await page.click(testId('gallery-next'));
    await expect.poll(() => page.locator(testId('gallery-range')).textContent()).toBe('49–96 of 100');
  });

  it('shows the MNIST demo page with real digits (screenshots, light and dark)', async () => {
    await page.click(testId('nav-datasets'));
    await page.locator(row('mnist-demo')).locator(testId('dataset-row-name')).click();
    await page.locator(`${testId('dataset-view')}[data-dataset-id="mnist-demo"]`).waitFor();
    await page.click(`${testId('class-option')}[data-class-index="3"]`);
    const labels = () => page.locator(testId('sample-thumb')).evaluateAll((t) => [...new Set(t.map((e) => e.getAttribute('data-label')))]);
    await expect.poll(labels).toEqual(['3']);
    expect(await page.locator(testId('gallery-range')).textContent()).toMatch(/^1–48 of [\d,]+$/);
    expect(await page.locator(testId('dataset-mean')).allTextContents()).toHaveLength(1); // grey
    await tallScreenshot(page, join(SCREENSHOTS, 'datasets-page.png'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300);
    await expect.poll(() => inPage<number>(page, colourPixelsScript('class-balance-chart', '--chart-1'))).toBeGreaterThan(500); // redrawn in the dark palette
    await tallScreenshot(page, join(SCREENSHOTS, 'datasets-page-dark.png'));
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('says what is wrong with a bad path', async () => {
    await page.click(testId('nav-datasets'));
    const before = await datasetIds();
    await openDialog();
    await page.fill(testId('import-path'), 'relative/cifar');
    await page.click(testId('import-start'));
    expect(await page.locator(testId('error-import-path')).textContent()).toMatch(/absolute path/);
    const missing = join(work, 'no-such-folder');
    await page.fill(testId('import-path'), missing);
    await expect.poll(() => page.locator(testId('import-detect-error')).textContent()).toContain(`${missing} does not exist`);
    await page.click(testId('import-start'));
    const failed = page.locator(`${testId('import-dialog')} ${testId('import-progress')}[data-status="failed"]`);
    await failed.waitFor();
    expect(await failed.locator(testId('import-error')).textContent()).toContain(`${missing} does not exist`);
    await page.screenshot({ path: join(SCREENSHOTS, 'datasets-import-error.png') });
    await page.click(testId('import-close'));
    expect(await datasetIds()).toEqual(before);
  });

  it('cancels a running import and leaves nothing behind', async () => {
    const before = await datasetIds();
    await importPath(files.big, 'folder');
    await page.click(testId('import-start'));
    const running = page.locator(`${testId('import-dialog')} ${testId('import-progress')}`);
    await expect
      .poll(async () => Number(await running.locator(testId('import-progress-bar')).getAttribute('aria-valuenow')), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await running.getAttribute('data-status')).toBe('running');
    // the ETA appears once the estimate is steady (2 % done and half a second in)
    await expect.poll(() => running.locator(testId('import-caption')).textContent(), { timeout: 30_000 }).toMatch(/^Reading · \d+% · ETA \d/);
    await page.screenshot({ path: join(SCREENSHOTS, 'datasets-import-progress.png') });
    // Hide the dialog: the import goes on, shown on the page, and is cancelled from there.
    await page.click(testId('import-hide'));
    const card = page.locator(`${testId('imports-panel')} ${testId('import-progress')}`);
    expect(await card.getAttribute('data-status')).toBe('running');
    await page.screenshot({ path: join(SCREENSHOTS, 'datasets-importing.png') });
    await card.locator(testId('import-cancel')).click();
    await page.locator(`${testId('imports-panel')} ${testId('import-progress')}[data-status="cancelled"]`).waitFor();
    expect(await card.locator(testId('import-cancelled')).textContent()).toMatch(/nothing was added/);
    await card.locator(testId('import-dismiss')).click();
    expect(await page.locator(testId('imports-panel')).count()).toBe(0);
    expect(await datasetIds()).toEqual(before);
    await expect.poll(() => readdirSync(join(dataDir, 'datasets')).sort()).toEqual([...before].sort());
  });

  it('refuses to delete a dataset a run uses, naming the run, then deletes it with force', async () => {
    const start = await invoke<{ id: string }>(server, 'runs:start', {
      name: 'e2e-uses-pets',
      datasetId: folderId,
      model: 'cnn',
      epochs: 1,
      batchSize: 8,
      maxTrainSamples: 8,
    });
    expect(start.ok, JSON.stringify(start)).toBe(true);
    const runId = start.ok ? start.value.id : '';
    await invoke(server, 'runs:cancel', { id: runId });
    await expect
      .poll(
        async () => {
          const r = await invoke<{ status: string }>(server, 'runs:get', { id: runId });
          return r.ok ? r.value.status : 'unknown';
        },
        { timeout: 60_000, interval: 500 },
      )
      .toMatch(/^(cancelled|failed|completed)$/);

    await page.reload();
    const r = page.locator(row(folderId));
    await expect.poll(() => r.locator(testId('dataset-row-runs')).getAttribute('data-count')).toBe('1');
    expect(await r.locator(testId('dataset-row-runs')).textContent()).toContain('e2e-uses-pets');
    await page.screenshot({ path: join(SCREENSHOTS, 'datasets.png') });

    await r.locator(testId('dataset-row-delete')).click();
    await page.locator(testId('delete-dataset-dialog')).waitFor();
    expect(await page.locator(testId('delete-used-by')).textContent()).toContain('e2e-uses-pets');
    await page.click(testId('confirm-ok'));
    const refusal = page.locator(testId('delete-error'));
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/is used by 1 run: 'e2e-uses-pets'.*force/);
    expect(await datasetIds()).toContain(folderId);
    await page.screenshot({ path: join(SCREENSHOTS, 'datasets-delete.png') });

    await page.check(testId('delete-force'));
    expect(await page.locator(testId('confirm-ok')).textContent()).toMatch(/Delete anyway/);
    await page.click(testId('confirm-ok'));
    await expect.poll(() => datasetIds()).not.toContain(folderId);
    expect(await page.locator(testId('datasets-notice')).textContent()).toBe("Deleted 'Pets'. 1 run keeps its history.");
  }, 120_000);
});
