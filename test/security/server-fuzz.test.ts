// Fuzzes a real `distill-studio serve` process over raw TCP with a few thousand seeded hostile
// inputs (server-fuzz-inputs.ts), then checks it is still running and still serves an
// authenticated WebSocket request. Prints one summary line with the counts:
//   inputs tried, rejected cleanly (4xx, a WebSocket close code, an error answer),
//   accepted (valid after all, e.g. a good token beside a bad cookie), other outcomes, crashes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fuzzCases, type FuzzCase } from './server-fuzz-inputs';
import { closeCodeOf, isAlive, openRawSocket, rawExchange, startServeProcess, textMessages, type ServeProcess } from './server-harness';

const SEED = 0x5eed_2026;
const HTTP_INPUTS = 2000;
const WS_INPUTS = 1500;
const CONCURRENCY = 16;
/** Strings of files outside out/renderer: none may ever appear in a response. */
const OUTSIDE_MARKERS = ['root:x:0:0', '"name": "distill-studio"', 'require.main === module'];

type Outcome = 'rejected' | 'accepted' | 'server-error' | 'leak' | 'closed-silently' | 'no-answer';

let s: ServeProcess;

beforeAll(async () => {
  s = await startServeProcess();
});

afterAll(async () => {
  await s.stop();
});

async function runHttp(bytes: Buffer, traversal: boolean): Promise<Outcome> {
  const reply = await rawExchange(s.port, bytes, 3000);
  const text = reply.data.toString('latin1');
  if (OUTSIDE_MARKERS.some((m) => text.includes(m))) return 'leak';
  if (reply.status === null) return reply.timedOut ? 'no-answer' : 'closed-silently';
  if (reply.status >= 500) return 'server-error';
  if (reply.status >= 400) return 'rejected';
  return traversal ? 'leak' : 'accepted'; // every traversal target lies outside the build
}

async function runWs(bytes: Buffer): Promise<Outcome> {
  const raw = await openRawSocket(s);
  raw.socket.write(bytes);
  try {
    for (let waited = 0; waited < 3000; waited += 20) {
      const closed = await raw.closed(20);
      const code = closeCodeOf(raw.received());
      if (code !== null) return [1002, 1003, 1007, 1008, 1009].includes(code) ? 'rejected' : 'server-error';
      const answers = textMessages(raw.received()) as { type: string; result?: { ok: boolean; error?: { code: string } } }[];
      const answer = answers.find((m) => m.type === 'response');
      if (answer) return answer.result!.ok ? 'accepted' : answer.result!.error!.code === 'internal' ? 'server-error' : 'rejected';
      if (closed) return 'closed-silently';
    }
    return 'no-answer';
  } finally {
    raw.socket.destroy();
  }
}

function run(c: FuzzCase): Promise<Outcome> {
  return c.kind === 'http' ? runHttp(c.bytes, c.traversal === true) : runWs(c.bytes);
}

function authenticatedRequest(): Promise<{ ok: boolean }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${s.host}/ws?token=${s.token}`, { origin: `http://${s.host}` });
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, channel: 'datasets:list' })));
    ws.once('message', (d) => {
      ws.close();
      resolve(JSON.parse(String(d)).result);
    });
  });
}

it('survives thousands of hostile inputs and still answers', async () => {
  const cases = fuzzCases(SEED, { host: s.host, token: s.token }, HTTP_INPUTS, WS_INPUTS);
  const counts: Record<Outcome, number> = { rejected: 0, accepted: 0, 'server-error': 0, leak: 0, 'closed-silently': 0, 'no-answer': 0 };
  const byLabel = new Map<string, Record<string, number>>();
  let crashes = 0;
  let tried = 0;
  for (let i = 0; i < cases.length && crashes === 0; i += CONCURRENCY) {
    const batch = cases.slice(i, i + CONCURRENCY);
    const outcomes = await Promise.all(batch.map(run));
    outcomes.forEach((o, j) => {
      counts[o]++;
      const label = `${batch[j]!.kind}:${batch[j]!.label}`;
      const row = byLabel.get(label) ?? {};
      row[o] = (row[o] ?? 0) + 1;
      byLabel.set(label, row);
    });
    tried += batch.length;
    if (s.child.exitCode !== null || s.child.signalCode !== null) crashes++;
  }
  if (!(await isAlive(s))) crashes = Math.max(crashes, 1);
  const summary =
    `server fuzz (seed ${SEED.toString(16)}): ${tried} inputs tried, ${counts.rejected} rejected cleanly, ${counts.accepted} accepted as valid, ` +
    `${counts['closed-silently']} closed without an answer, ${counts['no-answer']} left waiting for more input, ` +
    `${counts['server-error']} server errors, ${counts.leak} leaks, ${crashes} crashes`;
  console.log(summary);
  console.log(JSON.stringify(Object.fromEntries(byLabel)));

  expect(crashes, s.output()).toBe(0);
  expect(tried).toBe(HTTP_INPUTS + WS_INPUTS);
  expect(counts.leak).toBe(0);
  expect(counts['server-error']).toBe(0);
  expect(counts.rejected).toBeGreaterThan(tried * 0.9);
  expect(await authenticatedRequest()).toMatchObject({ ok: true });
}, 120_000);
