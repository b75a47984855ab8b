// What the end-to-end steps share: the server, the page, and the runs earlier steps created.
import type { BrowserContext, Page } from 'playwright-core';
import type { Server } from './server';

export interface E2E {
  server: Server;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  /** The demo's runs, by role. */
  demo: { teacher: string; baseline: string; kd: string; nst: string; kdnst: string };
  /** Training images per demo run, as the demo card's budget field said when the demo started. */
  demoSamples: string;
  /** A distill run trained while the monitor was watched. */
  monitored: string;
  /** A baseline run cancelled and resumed (later exported as a bundle, deleted and imported). */
  resumed: string;
}

/** Filled by beforeAll; steps read it when their tests run (not when they are registered). */
export const e2e = { demo: { teacher: '', baseline: '', kd: '', nst: '', kdnst: '' }, demoSamples: '', monitored: '', resumed: '' } as E2E;
