// The System page, the dark theme and keyboard shortcuts.
import { expect, it } from 'vitest';
import { inPage, shoot, testId } from '../support/browser';
import { e2e } from '../support/state';

export function systemThemeSteps(): void {
  it('shows the training backend on the System page', async () => {
    const { page } = e2e;
    await page.click(testId('nav-system'));
    const name = page.locator(testId('system-backend-name'));
    await name.waitFor();
    expect((await name.textContent())?.trim()).toMatch(/tfjs/);
    expect(await page.locator(testId('system-backend-reason')).textContent()).not.toBe('');
    expect(await page.locator(testId('system-gpu')).textContent()).toMatch(/GPU: (yes|no)/);
  });

  it('switches to the dark theme and back, and navigates with shortcuts', async () => {
    const { page, server } = e2e;
    await page.goto(`${server.url}#/runs/${encodeURIComponent(e2e.monitored)}`);
    await page.locator(testId('chart-loss')).waitFor();
    const toggle = page.locator(testId('theme-toggle'));
    while ((await toggle.getAttribute('data-theme-choice')) !== 'dark') await toggle.click();
    expect(await inPage<string>(page, 'document.documentElement.dataset.theme')).toBe('dark');
    expect(await inPage<string>(page, 'getComputedStyle(document.body).backgroundColor')).toBe('rgb(18, 20, 24)');
    await page.waitForTimeout(300);
    await shoot(page, 'run-page-dark');
    await page.goto(`${server.url}#/compare?ids=${[e2e.demo.baseline, e2e.demo.kd, e2e.demo.kdnst].join(',')}`);
    await page.locator(`${testId('compare-curves')}[data-drawn="true"]`).waitFor();
    await shoot(page, 'compare-dark', false);
    while ((await toggle.getAttribute('data-theme-choice')) !== 'system') await toggle.click();
    expect(await inPage<string>(page, 'document.documentElement.dataset.theme')).toBe('light');

    await page.keyboard.press('g');
    await page.keyboard.press('q');
    await page.waitForURL(/#\/queue$/);
    await page.keyboard.press('?');
    await page.locator(`${testId('shortcuts-dialog')}[open]`).waitFor();
    await page.keyboard.press('Escape');
    await page.locator(`${testId('shortcuts-dialog')}[open]`).waitFor({ state: 'detached' });
  });
}
