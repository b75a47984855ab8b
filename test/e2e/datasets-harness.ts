// What the datasets end-to-end test needs around the browser: a `distill-studio serve` on a
// fresh data folder, headless Chromium, a WebSocket client that calls the contract directly
// (to set up a run that uses a dataset), and pixel checks on a canvas.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import WebSocket from 'ws';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Server {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
  output: () => string;
}

export function startServer(dataDir: string): Promise<Server> {
  for (const built of ['out/main/cli.js', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  // detached: the server and its workers form one process group that stopServer ends together
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'distill-studio.js'), 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 90 s:\n${log}`)), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it was ready:\n${log}`));
    });
    child.stdout!.on('data', () => {
      const m = /Distill Studio running at (http:\/\/\S+)/.exec(log);
      if (!m) return;
      clearTimeout(timer);
      const url = new URL(m[1]!);
      resolve({ child, url: m[1]!, origin: url.origin, token: url.searchParams.get('token') ?? '', output: () => log });
    });
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export function launchBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1320, height: 900 },
    colorScheme: 'light',
  });
}

/** One request over the browser-mode wire, as the renderer sends it; resolves to its Result. */
export function invoke<T>(server: Server, channel: string, input: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
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

export const testId = (id: string): string => `[data-testid="${id}"]`;

/** Browser-side code goes as a string: this file is type-checked without the DOM library. */
export const inPage = <T>(page: Page, script: string): Promise<T> => page.evaluate(script) as Promise<T>;

/** Pixels of a canvas close to a CSS colour variable: bars drawn in it give a positive count. */
export function colourPixelsScript(testid: string, cssVar: string): string {
  return `(() => {
    const canvas = document.querySelector('[data-testid="${testid}"]');
    if (!canvas) return -1;
    const probe = document.createElement('div');
    probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('${cssVar}');
    document.body.appendChild(probe);
    const [r, g, b] = getComputedStyle(probe).color.match(/\\d+/g).map(Number);
    probe.remove();
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30 && Math.abs(data[i + 2] - b) < 30) n++;
    }
    return n;
  })()`;
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
