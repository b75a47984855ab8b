// What the datasets end-to-end test needs around the browser: a `distill-studio serve` on a
// fresh data folder, headless Chromium, a WebSocket client that calls the contract directly
// (to set up a run that uses a dataset), and pixel checks on a canvas.
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import type { Server } from './support/server';

// The server harness is shared with the main e2e suite.
export { startServer, stopServer, type Server } from './support/server';
export { CHROMIUM, testId, inPage } from './support/browser';
import { cssVarColour, inPage, launch, linePixelsScript } from './support/browser';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Chromium as the main suite launches it, at the width the datasets screenshots were framed for. */
export const launchBrowser = (profileDir: string): Promise<BrowserContext> => launch(profileDir, { width: 1320, height: 900 });

/** One request over the browser-mode wire, as the renderer sends it; resolves to its Result. */
export function invoke<T>(
  server: Server,
  channel: string,
  input: unknown,
): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  const ws = new WebSocket(`${server.origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(server.token)}`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`${channel}: no answer within 30 s`));
    }, 30_000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, channel, input })));
    ws.on('error', reject);
    ws.on('message', (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: never };
      if (frame.type !== 'response' || frame.id !== 1) return;
      clearTimeout(timer);
      ws.close();
      resolve(frame.result!);
    });
  });
}

/** Pixels of a canvas close to a CSS colour variable: bars drawn in it give a positive count. */
export function colourPixelsScript(testid: string, cssVar: string): string {
  return linePixelsScript(testid, cssVarColour(cssVar), 30);
}

/** A screenshot of the whole page with the window as tall as the page, so the sticky nav spans it. */
export async function tallScreenshot(page: Page, path: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1320, height: 900 };
  const height = await inPage<number>(page, 'document.documentElement.scrollHeight');
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 4000)) });
  await page.waitForTimeout(250); // charts resize and redraw
  await page.screenshot({ path });
  await page.setViewportSize(size);
}
