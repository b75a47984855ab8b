// Run bundles and metric exports: exact round trips, and damaged bundles rejected with a reason.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packBundle, unpackBundle } from '../../../src-main/export/bundle-format';
import { metricsCsv, metricsJson } from '../../../src-main/export/metrics-export';
import { RunConfigSchema } from '../../../shared/schemas/run-config';
import type { RunRecord } from '../../../shared/types';
import { useTempDirs } from '../../helpers/temp-dir';

describe('run bundle format', () => {
  const temp = useTempDirs('distill-bundle-format-');
  const unpackBytes = async (bytes: Buffer) => {
    const dir = temp();
    writeFileSync(join(dir, 'b.dsbundle'), bytes);
    mkdirSync(join(dir, 'out'));
    const members = await unpackBundle(join(dir, 'b.dsbundle'), join(dir, 'out'));
    return { members, read: (name: string) => readFileSync(join(dir, 'out', name)) };
  };

  it('round-trips every byte of every file', async () => {
    const files = [
      { name: 'run.json', data: Buffer.from('{"a":1}') },
      { name: 'model/weights.bin', data: Buffer.from(Float32Array.from([1.5, -2, 3e-8]).buffer) },
      { name: 'report.json', data: Buffer.alloc(0) },
    ];
    const back = await unpackBytes(packBundle(files));
    expect(back.members.map((m) => m.name)).toEqual(['run.json', 'model/weights.bin', 'report.json']);
    files.forEach((f) => expect(back.read(f.name).equals(f.data)).toBe(true));
  });

  it('rejects damaged or foreign files with a reason', async () => {
    const good = packBundle([{ name: 'run.json', data: Buffer.from('x'.repeat(1000)) }]);
    await expect(unpackBytes(Buffer.from('hello'))).rejects.toThrow(/not gzip data, or truncated/);
    await expect(unpackBytes(good.subarray(0, good.length - 10))).rejects.toThrow(/not gzip data, or truncated/);
    await expect(unpackBytes(gzipSync(Buffer.from('PK\u0003\u0004 zip file')))).rejects.toThrow(/wrong signature/);
    const evil = packBundle([{ name: '../../etc/passwd', data: Buffer.from('x') }]);
    await expect(unpackBytes(evil)).rejects.toThrow(/unsafe or unknown name/);
  });
});

describe('metrics export', () => {
  const run = { id: 'r1', name: 'KD, "quick"', kind: 'distill', config: RunConfigSchema.parse({ datasetId: 'd', model: 'cnn' }) } as RunRecord;
  const series = { 'val/acc': { step: [10, 20], epoch: [1, 2], value: [0.5, 0.75] } };

  it('writes long-format CSV with quoting where needed', () => {
    expect(metricsCsv([{ run, series }])).toBe(
      'run_id,run_name,key,step,epoch,value\nr1,"KD, ""quick""",val/acc,10,1,0.5\nr1,"KD, ""quick""",val/acc,20,2,0.75\n',
    );
  });

  it('writes JSON with the config and every series', () => {
    const parsed = JSON.parse(metricsJson([{ run, series }]));
    expect(parsed[0]).toMatchObject({ id: 'r1', kind: 'distill', metrics: series });
    expect(parsed[0].config.model).toBe('cnn');
  });
});
