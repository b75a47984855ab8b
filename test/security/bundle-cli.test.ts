// `distill-studio runs import` with crafted bundles, as a user runs it: a refused bundle exits
// non-zero with one line on stderr (no stack trace) and leaves no run; a valid one is imported.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';
import { bundleOf, runJson, runRecord, validMembers } from './bundle-harness';

const temp = useTempDirs('distill-bundle-cli-');

function cli(args: string[]) {
  return spawnSync(process.execPath, [cliBin, ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });
}

/** Members of a bundle for the demo dataset every new library has (no fingerprint given). */
function demoMembers(over: Record<string, unknown> = {}) {
  const run = runRecord({ datasetId: 'mnist-demo', config: { ...(runRecord().config as object), datasetId: 'mnist-demo' }, ...over });
  return validMembers(run).map((m) => (m.name === 'run.json' ? { name: m.name, data: runJson(run, { dataset: null }) } : m));
}

const runIds = (data: string) => (JSON.parse(cli(['runs', 'list', '--json', '--data-dir', data]).stdout) as { id: string }[]).map((r) => r.id);

beforeAll(() => requireBuild());

describe('runs import (CLI)', () => {
  it('refuses a bundle with a nested member in one line and imports nothing', () => {
    const data = temp();
    const file = join(temp(), 'nested.dsbundle');
    writeFileSync(file, bundleOf([...demoMembers(), { name: 'model/sub/x.bin', data: 'x' }]));
    const r = cli(['runs', 'import', file, '--data-dir', data]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unsafe or unknown name: "model\/sub\/x\.bin"/);
    expect(runIds(data)).toEqual([]);
    expect(readdirSync(join(data, 'runs'))).toEqual([]);
  });

  it("refuses the run id '..' and keeps the data folder", () => {
    const data = temp();
    const file = join(temp(), 'dots.dsbundle');
    writeFileSync(file, bundleOf(demoMembers({ id: '..' })));
    const r = cli(['runs', 'import', file, '--data-dir', data]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/run\.json in the run bundle is invalid \(run\.id: must be a run id \(a UUID\)\)/);
    expect(readdirSync(data).sort()).toEqual(expect.arrayContaining(['datasets', 'runs', 'studio.db']));
    expect(runIds(data)).toEqual([]);
  });

  it('imports a valid bundle', () => {
    const data = temp();
    const file = join(temp(), 'ok.dsbundle');
    const members = demoMembers();
    writeFileSync(file, bundleOf(members));
    const r = cli(['runs', 'import', file, '--data-dir', data]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Imported run [0-9a-f-]{36} \(imported, completed\)/);
    expect(runIds(data)).toHaveLength(1);
  });
});
