// Run bundles and metric exports: exact round trips, and damaged bundles rejected with a reason.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { packBundle, unpackBundle } from '../../../src-main/export/bundle-format';
import { metricsCsv, metricsJson } from '../../../src-main/export/metrics-export';
import { RunConfigSchema } from '../../../shared/schemas/run-config';
import type { RunRecord } from '../../../shared/types';

describe('run bundle format', () => {
  it('round-trips every byte of every file', () => {
    const files = [
      { name: 'run.json', data: Buffer.from('{"a":1}') },
      { name: 'model/weights.bin', data: Buffer.from(Float32Array.from([1.5, -2, 3e-8]).buffer) },
      { name: 'empty.txt', data: Buffer.alloc(0) },
    ];
    const back = unpackBundle(packBundle(files));
    expect([...back.keys()]).toEqual(['run.json', 'model/weights.bin', 'empty.txt']);
    files.forEach((f) => expect(back.get(f.name)!.equals(f.data)).toBe(true));
  });

  it('rejects damaged or foreign files with a reason', () => {
    const good = packBundle([{ name: 'run.json', data: Buffer.from('x'.repeat(1000)) }]);
    expect(() => unpackBundle(Buffer.from('hello'))).toThrow(/not gzip data, or truncated/);
    expect(() => unpackBundle(good.subarray(0, good.length - 10))).toThrow(/not gzip data, or truncated/);
    expect(() => unpackBundle(gzipSync(Buffer.from('PK\u0003\u0004 zip file')))).toThrow(/wrong signature/);
    const evil = packBundle([{ name: '../../etc/passwd', data: Buffer.from('x') }]);
    expect(() => unpackBundle(evil)).toThrow(/unsafe name/);
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
