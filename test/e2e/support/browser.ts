// Chromium for the end-to-end tests, and small helpers to drive and read the UI. Browser-side
// code is passed as strings: these files are type-checked without the DOM library.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Download, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT } from './server';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/**
 * Where screenshots go: the README's docs/screenshots/ only when asked (`npm run screenshots`),
 * so `npm test` leaves a clean checkout clean; otherwise test-results/screenshots/ (ignored).
 */
/** `npm run screenshots`: pictures for the README, from the demo at its default budget. */
export const SCREENSHOT_RUN = process.env.DISTILL_STUDIO_SCREENSHOTS === '1';
export const SCREENSHOTS = SCREENSHOT_RUN ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'test-results', 'screenshots');
/** Pure-JS backend on two cores: tiny runs take seconds, the five demo runs about a minute. */
export const TRAIN_TIMEOUT_MS = 6 * 60_000;

export const testId = (id: string): string => `[data-testid="${id}"]`;
export const inPage = <T>(page: Page, script: string): Promise<T> => page.evaluate(script) as Promise<T>;

export async function launch(profileDir: string, viewport = { width: 1400, height: 900 }): Promise<BrowserContext> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
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
    viewport,
    colorScheme: 'light',
    acceptDownloads: true,
  });
  return context;
}

/** A README screenshot of the whole page, from the top, after charts have painted. */
export async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  await inPage(page, 'window.scrollTo(0, 0); document.activeElement && document.activeElement.blur && document.activeElement.blur(); 0');
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Click something that downloads a file; returns its name and text content. */
export async function download(page: Page, click: () => Promise<unknown>): Promise<{ name: string; text: string; download: Download }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), text: path ? readFileSync(path, 'utf8') : '', download: d };
}

const TERMINAL = ['completed', 'failed', 'cancelled', 'interrupted', 'diverged'];

/** Wait on a run page until the run ends; fails with the run's error when it did not complete. */
export async function waitRunEnd(page: Page, server: { output: () => string }, expected = 'completed'): Promise<void> {
  const selector = TERMINAL.map((s) => `${testId('run-status')}[data-status="${s}"]`).join(', ');
  await page.locator(selector).waitFor({ timeout: TRAIN_TIMEOUT_MS });
  const status = await page.locator(testId('run-status')).getAttribute('data-status');
  const error =
    status === expected
      ? ''
      : await page
          .locator(testId('run-error'))
          .textContent()
          .catch(() => '');
  expect(status, `run ended ${status}: ${error}\n${server.output()}`).toBe(expected);
}

/** A page-side expression for the value of a CSS colour variable, for linePixelsScript. */
export function cssVarColour(cssVar: string): string {
  return `getComputedStyle(document.documentElement).getPropertyValue('${cssVar}')`;
}

export function runIdFromUrl(page: Page): string {
  return decodeURIComponent(new URL(page.url()).hash.replace(/\?.*$/, '').split('/').pop()!);
}

/**
 * Pixels close to a colour (default: the first series colour --chart-1; within `tolerance` per
 * RGB channel) in a chart's canvas: gridlines and axes never match it, so a positive count means
 * a data line (or bar) was drawn.
 */
export function linePixelsScript(testid: string, color = cssVarColour('--chart-1'), tolerance = 40): string {
  return `(() => {
    const canvas = document.querySelector('[data-testid="${testid}"]');
    if (!canvas) return -1;
    const probe = document.createElement('div');
    probe.style.color = ${color};
    document.body.appendChild(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/\\d+/g).map(Number);
    probe.remove();
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) < ${tolerance} && Math.abs(data[i + 1] - g) < ${tolerance} && Math.abs(data[i + 2] - b) < ${tolerance}) n++;
    }
    return n;
  })()`;
}

/**
 * An attribute of every element a locator matches, in order, read in one go (element by element
 * would wait on an element that a re-render removed meanwhile).
 */
export async function attrs(loc: Locator, name: string): Promise<(string | null)[]> {
  return loc.evaluateAll((els, attr) => els.map((e) => e.getAttribute(attr)), name);
}

/** The text of every element a locator matches, trimmed. */
export async function texts(loc: Locator): Promise<string[]> {
  return (await loc.allTextContents()).map((t) => t.trim());
}
