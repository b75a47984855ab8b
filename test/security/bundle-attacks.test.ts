// Attack sweep over run bundle import: crafted bundles (escaping ids, nested and hostile member
// names, oversized manifests, inflation bombs under lowered caps, truncation, wrong signatures,
// hostile JSON, rows aimed at other runs, duplicates) plus seeded mutations of a valid bundle.
// After each input: only a StudioFailure with a one-line message may escape, no byte is written
// outside the data folder, no partial row or folder remains, and the existing run is untouched.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMetricSeries, listRunLogs } from '../../src-main/db';
import type { BundleLimits } from '../../src-main/export/bundle-format';
import { StudioFailure } from '../../shared/result';
import { mulberry32 } from '../../shared/seeded-random';
import { makeTempDir, removeTempDir } from '../helpers/temp-dir';
import { bundleOf, diffBytes, makeLibrary, rawBundle, rowCounts, runJson, runRecord, snapshot, validMembers, type Library } from './bundle-harness';

const MiB = 1024 * 1024;
const LIMITS: BundleLimits = {
  maxUnpackedBytes: 8 * MiB,
  maxRatio: 50,
  maxMembers: 20,
  maxHeaderBytes: 16 * 1024,
  maxMemberBytes: 4 * MiB,
  maxJsonBytes: 1 * MiB,
};

type Expect = 'reject' | 'either' | 'accept';
interface Input {
  label: string;
  bytes: Buffer | null; // null: `path` is used as is
  path?: string;
  expect: Expect;
}

const g = (raw: Buffer) => gzipSync(raw);
const withMember = (name: string, data: Buffer | string) => validMembers().map((m) => (m.name === name ? { name, data } : m));
const withRun = (over: Record<string, unknown>) => bundleOf(validMembers(runRecord(over)));

function craftedInputs(existingId: string): Input[] {
  const inputs: Input[] = [];
  const add = (label: string, bytes: Buffer, expect: Expect = 'reject') => inputs.push({ label, bytes, expect });
  // Ids that would become paths.
  for (const id of [
    '..',
    '.',
    '../../canary/evil',
    '../../../../elsewhere',
    '/tmp/abs',
    'a/b',
    'a\\b',
    '',
    'x\u0000y',
    existingId.toUpperCase().replace(/-/g, ''),
  ])
    add(`run id ${JSON.stringify(id)}`, withRun({ id }));
  for (const datasetId of ['..', '../datasets', 'no-such-dataset']) add(`dataset id ${datasetId}`, withRun({ datasetId }));
  add('teacher id traversal', withRun({ teacherRunId: '../../canary' }));
  add('existing run id', withRun({ id: existingId }));
  // Member names.
  for (const name of [
    'model/sub/x.bin',
    'model/../run.json',
    '../run.json',
    '/etc/passwd',
    'model\\x.bin',
    'run.json\u0000x',
    './run.json',
    'model/.hidden',
    'model/',
    'other.json',
    'MODEL/model.json',
    'model//x',
  ]) {
    add(`member ${JSON.stringify(name)}`, bundleOf([...validMembers(), { name, data: 'x' }]));
  }
  add('duplicate run.json', bundleOf([...validMembers(), { name: 'run.json', data: runJson() }]));
  add('duplicate model file', bundleOf([...validMembers(), { name: 'model/weights.bin', data: 'x' }]));
  // Manifests.
  add('70k empty members', g(rawBundle({ files: Array.from({ length: 70_000 }, (_, i) => ({ name: `model/f${i}`, size: 0 })) })));
  add('header length 4 GiB', g(rawBundle({ files: [] }, [], { headerLength: 0xffffffff })));
  add('header not JSON', g(rawBundle('{files:')));
  add('header files not array', g(rawBundle({ files: 'run.json' })));
  add('header null', g(rawBundle('null')));
  add('negative size', g(rawBundle({ files: [{ name: 'run.json', size: -1 }] })));
  add('fractional size', g(rawBundle({ files: [{ name: 'run.json', size: 1.5 }] })));
  add('string size', g(rawBundle({ files: [{ name: 'run.json', size: '2' }] }, [Buffer.from('{}')])));
  add('size beyond member cap', g(rawBundle({ files: [{ name: 'model/w.bin', size: 5 * MiB }] })));
  add('sizes beyond total cap', g(rawBundle({ files: [0, 1, 2].map((i) => ({ name: `model/w${i}.bin`, size: 3 * MiB })) })));
  add('json member beyond json cap', g(rawBundle({ files: [{ name: 'logs.json', size: 2 * MiB }] })));
  // Bombs (caps lowered for speed; the real-size bomb is in bundle-import.test.ts).
  add('zeros claimed as weights', g(Buffer.concat([rawBundle({ files: [{ name: 'model/w.bin', size: 4 * MiB - 1 }] }), Buffer.alloc(4 * MiB - 1)])));
  add('zeros after the last member', g(Buffer.concat([rawBundle({ files: [{ name: 'run.json', size: 2 }] }, [Buffer.from('{}')]), Buffer.alloc(6 * MiB)])));
  add('zeros with no signature', g(Buffer.alloc(6 * MiB)));
  // Truncation and foreign data.
  const good = bundleOf(validMembers());
  add('empty file', Buffer.alloc(0));
  add('gzip cut in half', good.subarray(0, good.length >> 1));
  add('gzip without its trailer', good.subarray(0, good.length - 8));
  add('body shorter than the header says', g(rawBundle({ files: [{ name: 'run.json', size: 100 }] }, [Buffer.from('{}')])));
  add('signature only', g(Buffer.from('DSBUNDLE1\n')));
  add('wrong signature', g(rawBundle({ files: [] }, [], { magic: 'DSBUNDLE2\n' })));
  add('zip file', Buffer.from('PK\u0003\u0004 not a bundle'));
  add('plain text', Buffer.from('hello'));
  add('not compressed', rawBundle({ files: [] }));
  // Hostile JSON.
  for (const [label, run] of [
    ['seed string', { seed: 'x' }],
    ['seed huge', { seed: 2 ** 40 }],
    ['status unknown', { status: 'pwned' }],
    ['kind unknown', { kind: 'root' }],
    ['createdAt number', { createdAt: 12 }],
    ['createdAt garbage', { createdAt: 'yesterday' }],
    ['name object', { name: { a: 1 } }],
    ['name empty', { name: '  ' }],
    ['name 1 MB', { name: 'x'.repeat(1 << 20) }],
    ['tags object', { tags: { a: 1 } }],
    ['tags numbers', { tags: [1, 2] }],
    ['config null', { config: null }],
    ['config bad epochs', { config: { ...(runRecord().config as object), epochs: -1 } }],
    ['config other dataset', { config: { ...(runRecord().config as object), datasetId: 'other' } }],
    ['environment wrong shape', { environment: { gpu: 'yes' } }],
    ['backend number', { backend: 5 }],
    ['notes array', { notes: ['a'] }],
  ] as const)
    add(`run.json ${label}`, withRun(run));
  add('run.json not JSON', bundleOf(withMember('run.json', '{')));
  add('run.json null', bundleOf(withMember('run.json', 'null')));
  add('run.json array', bundleOf(withMember('run.json', '[]')));
  add('run.json format 2', bundleOf(withMember('run.json', JSON.stringify({ formatVersion: 2, run: runRecord() }))));
  add('no run.json', bundleOf(validMembers().filter((m) => m.name !== 'run.json')));
  add('metrics not array', bundleOf(withMember('metrics.json', '{"a":1}')));
  add('metrics value string', bundleOf(withMember('metrics.json', '[{"key":"a","step":1,"epoch":1,"value":"1"}]')));
  add('metrics negative step', bundleOf(withMember('metrics.json', '[{"key":"a","step":-1,"epoch":1,"value":1}]')));
  add('logs level unknown', bundleOf(withMember('logs.json', '[{"level":"root","message":"x","time":"t"}]')));
  add('logs message object', bundleOf(withMember('logs.json', '[{"level":"info","message":{},"time":"t"}]')));
  add('report not JSON', bundleOf(withMember('report.json', '<html>')));
  add('model.json not JSON', bundleOf(withMember('model/model.json', 'nope')));
  add('model files without model.json', bundleOf(validMembers().filter((m) => m.name !== 'model/model.json')));
  // Accepted, but only into the run being imported.
  add(
    'log rows aimed at the existing run',
    bundleOf(withMember('logs.json', JSON.stringify([{ runId: existingId, level: 'error', message: 'forged', time: 't' }]))),
    'accept',
  );
  add(
    'metric rows carrying a runId',
    bundleOf(withMember('metrics.json', JSON.stringify([{ runId: existingId, key: 'val/acc', step: 9, epoch: 9, value: 1 }]))),
    'accept',
  );
  add('teacher not in this library', withRun({ teacherRunId: randomUUID() }), 'accept');
  return inputs;
}

/** Seeded mutations of a valid bundle, compressed and raw. */
function mutatedInputs(count: number): Input[] {
  const rand = mulberry32(4242);
  const pick = (n: number) => Math.floor(rand() * n);
  const members = validMembers(runRecord({ id: '00000000-0000-4000-8000-000000000001' })); // fixed bytes: reproducible mutations
  const data = members.map((m) => Buffer.from(m.data));
  const raw = rawBundle({ files: members.map((m, i) => ({ name: m.name, size: data[i]!.length })) }, data);
  const out: Input[] = [];
  for (let i = 0; i < count; i++) {
    const compressedSide = i % 2 === 0;
    const base = Buffer.from(compressedSide ? gzipSync(raw) : raw);
    const kind = pick(3);
    let bytes: Buffer;
    if (kind === 0) bytes = base.subarray(0, pick(base.length));
    else if (kind === 1) {
      for (let k = 0; k < 1 + pick(8); k++) base[pick(base.length)]! ^= 1 << pick(8);
      bytes = base;
    } else {
      for (let k = 0; k < 4; k++) base[pick(Math.min(base.length, 200))] = pick(256);
      bytes = base;
    }
    out.push({
      label: `mutation ${i} (${compressedSide ? 'gzip' : 'raw'}, ${['truncated', 'bits flipped', 'header bytes'][kind]})`,
      bytes: compressedSide ? bytes : gzipSync(bytes),
      expect: 'either',
    });
  }
  return out;
}

let root: string;
let lib: Library;
beforeAll(() => {
  root = makeTempDir('distill-bundle-attacks-');
  lib = makeLibrary(root, LIMITS);
});
afterAll(() => {
  lib.close();
  removeTempDir(root);
});

describe('run bundle attack sweep', () => {
  it('refuses every crafted bundle cleanly and writes nothing outside the data folder', async () => {
    const inputs = [
      ...craftedInputs(lib.existingId),
      ...mutatedInputs(120),
      { label: 'a device', bytes: null, path: '/dev/zero', expect: 'reject' as const },
      { label: 'a folder', bytes: null, path: root, expect: 'reject' as const },
    ];
    const inputDir = join(root, 'inputs');
    mkdirSync(inputDir);
    const files = inputs.map((input, i) => {
      if (!input.bytes) return input.path!;
      const file = join(inputDir, `${i}.dsbundle`);
      writeFileSync(file, input.bytes);
      return file;
    });
    const before = snapshot(root);
    const counts = rowCounts(lib.db);
    const existingLogs = listRunLogs(lib.db, lib.existingId, 100);
    const existingMetrics = getMetricSeries(lib.db, lib.existingId);
    const tally = { tried: 0, rejected: 0, accepted: 0, crashes: 0, outside: 0 };
    const problems: string[] = [];
    const t0 = Date.now();
    for (const [i, input] of inputs.entries()) {
      tally.tried++;
      let imported: string | null = null;
      try {
        imported = (await lib.exports.importBundle(files[i]!)).id;
        tally.accepted++;
        if (input.expect === 'reject') problems.push(`${input.label}: accepted`);
      } catch (e) {
        const clean = e instanceof StudioFailure && !/\n|SQLite|constraint|ENOENT|EISDIR|TypeError|Cannot read prop|is not a function/i.test(e.message);
        if (clean) tally.rejected++;
        else {
          tally.crashes++;
          problems.push(`${input.label}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        }
        if (input.expect === 'accept') problems.push(`${input.label}: refused (${(e as Error).message})`);
      }
      if (imported) {
        // Only the imported run may have changed: its folder and rows, removed again here.
        const folder = readdirSync(join(lib.dataDir, 'runs', imported)).sort();
        if (folder.join() !== 'model,report.json') problems.push(`${input.label}: imported folder holds ${folder.join()}`);
        lib.history.delete([imported]);
      }
      const diff = diffBytes(before, snapshot(root));
      const outside = diff.entries.filter((e) => !e.replace(/^-/, '').startsWith('data/'));
      tally.outside += outside.length
        ? diffBytes(new Map([...before].filter(([k]) => !k.startsWith('data/'))), new Map([...snapshot(root)].filter(([k]) => !k.startsWith('data/')))).bytes
        : 0;
      if (diff.entries.length) problems.push(`${input.label}: changed ${diff.entries.slice(0, 5).join(', ')}`);
      if (JSON.stringify(rowCounts(lib.db)) !== JSON.stringify(counts)) problems.push(`${input.label}: rows ${JSON.stringify(rowCounts(lib.db))}`);
    }
    const ms = Date.now() - t0;
    console.log(
      `run bundle attacks: ${tally.tried} inputs tried, ${tally.rejected} rejected cleanly, ${tally.accepted} accepted into their own run only, ${tally.crashes} crashes, ${tally.outside} bytes written outside the data folder (${ms} ms)`,
    );
    expect(problems).toEqual([]);
    expect(tally.crashes).toBe(0);
    expect(tally.outside).toBe(0);
    expect(listRunLogs(lib.db, lib.existingId, 100)).toEqual(existingLogs);
    expect(getMetricSeries(lib.db, lib.existingId)).toEqual(existingMetrics);
  }, 60_000);
});
