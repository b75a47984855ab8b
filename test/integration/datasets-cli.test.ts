// `distill-studio datasets …` as users run it: the real bin in a child process with a temp data
// folder. Import with --json prints exactly the promised object; bad input is one readable line
// and leaves the library as it was; delete names the runs that use a dataset; Ctrl-C cancels.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBin, projectRoot, requireBuild } from '../helpers/built-app';
import { useTempDirs } from '../helpers/temp-dir';
import { cifar10Files, encodedImage, idxFiles, writeFiles } from '../fixtures/datasets/generate';

const tempDir = useTempDirs('distill-ds-cli-');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliBin, ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
const listIds = (dataDir: string) => (JSON.parse(cli(['datasets', 'list', '--json', '--data-dir', dataDir]).stdout) as { id: string }[]).map((d) => d.id);

beforeAll(() => requireBuild());

describe('distill-studio datasets', () => {
  it('imports CIFAR-10 files and prints one JSON object with the promised fields', () => {
    const src = tempDir();
    const data = tempDir();
    writeFiles(join(src, 'cifar-10-batches-bin'), cifar10Files(10, 5, 10));
    const r = cli(['datasets', 'import', src, '--json', '--val', '0.2', '--name', 'tiny cifar', '--data-dir', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['id', 'name', 'format', 'numClasses', 'numSamples', 'splits', 'fingerprint']);
    expect(out).toMatchObject({ name: 'tiny cifar', format: 'cifar10', numClasses: 10, numSamples: 60, splits: { train: 40, val: 10, test: 10 } });
    expect(out.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    const show = cli(['datasets', 'show', out.id.slice(0, 6), '--data-dir', data]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/Format\s+cifar10 — CIFAR-10 binary/);
    expect(show.stdout).toMatch(/0\s+airplane\s+4\s+1\s+1/);
    const again = cli(['datasets', 'import', src, '--data-dir', data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Detected CIFAR-10 binary files in ${src.split('/').pop()}`);
    expect(again.stderr).toContain(`error: the same content is already in the library as 'tiny cifar' (${out.id})`);
  });

  it('takes a dataset by name in show and delete; a shared name is refused, listing the ids', () => {
    const data = tempDir();
    const ids = [5, 6].map((perClass) => {
      const src = tempDir();
      writeFiles(join(src, 'cifar-10-batches-bin'), cifar10Files(10, perClass, 10));
      return JSON.parse(cli(['datasets', 'import', src, '--json', '--name', perClass === 5 ? 'twin' : 'other', '--data-dir', data]).stdout).id as string;
    });
    const show = cli(['datasets', 'show', 'twin', '--data-dir', data, '--json']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout).id).toBe(ids[0]);
    const src = tempDir();
    writeFiles(join(src, 'cifar-10-batches-bin'), cifar10Files(10, 7, 10));
    const third = JSON.parse(cli(['datasets', 'import', src, '--json', '--name', 'twin', '--data-dir', data]).stdout).id as string;
    const ambiguous = cli(['datasets', 'show', 'twin', '--data-dir', data]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/^distill-studio: error: 2 datasets are named 'twin' \(.+\); use an id\n$/);
    for (const id of [ids[0]!, third]) expect(ambiguous.stderr).toContain(id);
    expect(cli(['datasets', 'delete', 'other', '--data-dir', data]).code).toBe(0);
    expect(listIds(data)).not.toContain(ids[1]);
    expect(cli(['datasets', 'show', 'nobody', '--data-dir', data]).stderr).toMatch(/no dataset with id 'nobody' and none named so/);
  });

  it('explains bad input in one line and leaves the library unchanged', () => {
    const src = tempDir();
    const data = tempDir();
    const files = cifar10Files(10, 1, 10);
    files['data_batch_1.bin'] = (files['data_batch_1.bin'] as Uint8Array).subarray(0, 20_000);
    writeFiles(src, files);
    const r = cli(['datasets', 'import', src, '--format', 'cifar10', '--data-dir', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('distill-studio: error: data_batch_1.bin: truncated or damaged: 20,000 bytes, expected a multiple of 3,073 (one CIFAR-10 record)\n');
    const missing = cli(['datasets', 'import', join(src, 'nope'), '--data-dir', data]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: .*nope does not exist\n$/);
    noStack(missing.stderr);
    expect(cli(['datasets', 'import', src, '--size', 'huge', '--data-dir', data]).code).toBe(2);
    expect(listIds(data)).toEqual(['mnist-demo']);
  });

  it('refuses to delete a dataset that runs use, naming them, unless --force', () => {
    const data = tempDir();
    expect(listIds(data)).toEqual(['mnist-demo']);
    const db = new Database(join(data, 'studio.db'));
    db.prepare(
      `INSERT INTO runs (id, name, kind, status, config_json, dataset_id, seed, created_at)
       VALUES ('0123456789ab', 'teacher resnet32', 'teacher', 'completed', '{}', 'mnist-demo', 1, '2025-01-01T00:00:00.000Z')`,
    ).run();
    db.close();
    const refused = cli(['datasets', 'delete', 'mnist-demo', '--data-dir', data]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is used by 1 run: 'teacher resnet32' (01234567, completed); add --force to remove its files anyway");
    const forced = cli(['datasets', 'delete', 'mnist-demo', '--force', '--data-dir', data]);
    expect(forced.stdout).toBe('Deleted dataset mnist-demo. 1 run that used it keeps its history.\n');
    expect(listIds(data)).toEqual([]);
  });

  it('cancels an import on Ctrl-C and leaves nothing behind', async () => {
    const src = tempDir();
    const data = tempDir();
    const png = await encodedImage('png', 64, 64, 1);
    for (let i = 0; i < 1200; i++) writeFiles(src, { [`c${i % 2}/i${i}.png`]: png });
    const child = spawn(process.execPath, [cliBin, 'datasets', 'import', src, '--data-dir', data], { cwd: projectRoot });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && stderr.includes('Detected')) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toContain('import cancelled: nothing was added to the library');
    expect(code).toBe(130);
    expect(listIds(data)).toEqual(['mnist-demo']);
  });

  it('names the classes of an IDX import with --class-names, from a list or a file, and refuses a wrong count', () => {
    const src = tempDir();
    const data = tempDir();
    writeFiles(src, idxFiles(40, 20, 28, 10));
    const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    const wrong = cli(['datasets', 'import', src, '--class-names', 'a,b,c', '--data-dir', data]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/3 class names were given but the data has 10 classes \(0, 1, 2, 3, 4, …\)/);
    noStack(wrong.stderr);
    expect(listIds(data).filter((id) => id !== 'mnist-demo')).toEqual([]); // nothing added
    const r = cli(['datasets', 'import', src, '--class-names', names.join(','), '--json', '--data-dir', data]);
    expect(r.code, r.stderr).toBe(0);
    const shown = JSON.parse(cli(['datasets', 'show', JSON.parse(r.stdout).id, '--json', '--data-dir', data]).stdout);
    expect(shown.classNames).toEqual(names);
    const file = join(src, '..', 'names.txt');
    writeFileSync(file, names.map((x) => x.toUpperCase()).join('\n') + '\n\n');
    const fromFile = cli(['datasets', 'import', src, '--name', 'again', '--class-names', `@${file}`, '--json', '--data-dir', tempDir()]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const dup = cli(['datasets', 'import', src, '--class-names', 'a,a,b,c,d,e,f,g,h,i', '--data-dir', tempDir()]);
    expect(dup.stderr).toMatch(/a class name appears twice/);
  }, 120_000);
});
