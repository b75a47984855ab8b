// Regenerates docs/benchmarks.md from bench/results/*.json: one section per benchmark, with the
// machine it ran on and the numbers that the issues' targets are judged by.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const table = (headers, rows) =>
  [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const machine = (m) => (m ? `${m.cpu ?? m.cpus ?? '?'}, ${m.cores ?? '?'} cores, Node ${m.node ?? '?'}${m.tfjs ? `, tfjs ${m.tfjs}` : ''}` : 'unknown machine');

const pct = (v) => `${(v * 100).toFixed(1)} %`;
/** The distillation overhead target (≤ 15 % of a student step), and why not where it cannot be met. */
const verdict = (m) => {
  if (m.method === 'ce') return '';
  if (m.overheadVsStudentStep <= 0.15) return 'yes';
  return m.arithmeticFloor > 0.15 ? 'no: extra arithmetic alone is above 15 %' : 'no';
};

const FORMATTERS = {
  'cpu-kernels': (r) => {
    // Results from before the WebAssembly gemm have only stock and fast (JS) times.
    const withWasm = r.kernels.some((k) => k.wasmMs !== undefined);
    if (!withWasm) {
      return [
        `Stock pure-JS tfjs kernels vs the registered im2col kernels, measured interleaved in one process (${machine(r.machine)}).`,
        '',
        table(
          ['model', 'batch', 'stock step (ms)', 'fast step (ms)', 'speed-up', 'max abs diff'],
          r.steps.map((s) => [s.model, s.batch, s.stockMedianMs ?? s.stockMs, s.fastMedianMs ?? s.fastMs, `${s.ratio}×`, s.maxAbsDiff]),
        ),
        '',
        table(
          ['kernel', 'layer', 'stock (ms)', 'fast (ms)', 'speed-up'],
          r.kernels.map((k) => [k.kernel, k.shape, k.stockMs, k.fastMs, `${k.ratio}×`]),
        ),
      ];
    }
    const v = (x, suffix = '') => (x === null || x === undefined ? '–' : `${x}${suffix}`);
    const peak = r.machine.peakGflopsPerCore ?? 115;
    return [
      `Stock pure-JS tfjs kernels, the registered im2col kernels on the JS gemm, and the same kernels on the WebAssembly SIMD gemm (${r.machine.wasmEngine}), interleaved in one process (${machine(r.machine)}). GFLOP/s = 2 × multiply-adds of the products / time on one thread (the 2-thread columns: the WebAssembly gemm split over two); peak ${peak} GFLOP/s per core. A step's rate counts its products but divides by the whole step time.`,
      '',
      table(
        [
          'model',
          'batch',
          'stock step (ms)',
          'JS gemm (ms)',
          'WASM gemm (ms)',
          'WASM vs JS',
          'WASM vs stock',
          'GFLOP/s JS',
          'GFLOP/s WASM',
          '% of peak',
          'WASM 2 threads (ms)',
          '2 vs 1 thread',
          'max rel diff WASM',
        ],
        r.steps.map((s) => [
          s.model,
          s.batch,
          v(s.stockMedianMs),
          v(s.fastMedianMs),
          v(s.wasmMedianMs),
          v(s.wasmVsJs, '×'),
          v(s.wasmVsStock, '×'),
          v(s.jsGflops),
          v(s.wasmGflops),
          v(s.wasmPeakPct, ' %'),
          v(s.wasm2MedianMs),
          v(s.wasm2VsWasm, '×'),
          s.maxRelDiff?.wasm?.toExponential(1) ?? '–',
        ]),
      ),
      '',
      table(
        [
          'kernel',
          'layer',
          'stock (ms)',
          'JS (ms)',
          'WASM (ms)',
          'JS vs stock',
          'WASM vs JS',
          'GFLOP/s JS',
          'GFLOP/s WASM',
          '% of peak',
          'WASM 2 threads (ms)',
          '2 vs 1 thread',
        ],
        r.kernels.map((k) => [
          k.kernel,
          k.shape,
          k.stockMs,
          k.fastMs,
          v(k.wasmMs),
          `${k.ratio}×`,
          v(k.wasmVsJs, '×'),
          v(k.jsGflops),
          v(k.wasmGflops),
          v(k.wasmPeakPct, ' %'),
          v(k.wasm2Ms),
          v(k.wasm2VsWasm, '×'),
        ]),
      ),
    ];
  },
  'distill-before': (r) => ['The same benchmark on the code before the distillation-term optimisations, for comparison.', '', ...FORMATTERS.distill(r)],
  distill: (r) => [
    `One training step per method on the '${r.backend}' backend (${machine(r.machine)}).`,
    ...r.pairs.flatMap((p) => [
      '',
      `**${p.pair}** (teacher ${p.teacher.name}, ${p.teacher.params.toLocaleString('en-US')} params; student ${p.student.name}, ${p.student.params.toLocaleString('en-US')} params; batch ${p.batch}; teacher forward ${p.teacherForwardMs} ms)`,
      '',
      table(
        [
          'method',
          'step (ms)',
          'images/s',
          'terms alone (ms)',
          'overhead beyond teacher forward',
          'same, CPU time',
          'extra multiply-adds (share of a CE step)',
          '≤ 15 %',
        ],
        p.methods.map((m) => [
          m.method,
          m.stepMs,
          m.imagesPerSec,
          m.termsMs,
          pct(m.overheadVsStudentStep),
          m.overheadCpu === undefined ? '–' : pct(m.overheadCpu),
          m.arithmeticFloor === undefined ? '–' : pct(m.arithmeticFloor),
          verdict(m),
        ]),
      ),
    ]),
    ...(r.pairs.some((p) => p.methods.some((m) => m.arithmeticFloor !== undefined))
      ? [
          '',
          'Overheads are medians over rounds of paired steps (a method step with the teacher outputs precomputed, next to a CE',
          "step); the wall-clock one decides the target, the CPU-time one (this process's user + system time) is what other",
          'processes on a shared machine cannot inflate.',
          '',
          'Extra multiply-adds: those of the method step beyond the CE step, counted at the product kernels, as a share of the',
          "CE step's: the overhead a method would have if its extra products ran exactly as fast per multiply-add as the",
          "student's own convolutions. Where that share is above 15 %, the target cannot be met on that pair by any",
          'implementation that is not faster on the terms than on the student; element-wise work (AT, batch norm, the',
          'normalisations) is not in it.',
        ]
      : []),
  ],
  datasets: (r) => [
    `Imports through the import service (${machine(r.machine)}).`,
    '',
    table(
      ['what', 'images', 'seconds', 'images/s', 'target'],
      [
        [
          'CIFAR-10 format, .tar.gz',
          r.cifar.tarGz.images,
          r.cifar.tarGz.seconds,
          r.cifar.tarGz.imagesPerSec,
          `< ${r.cifar.targetSeconds} s: ${r.cifar.metTarget ? 'met' : 'MISSED'}`,
        ],
        ['CIFAR-10 format, extracted .bin', r.cifar.extractedBins.images, r.cifar.extractedBins.seconds, r.cifar.extractedBins.imagesPerSec, ''],
        [`image folder (${r.folder.format}, resized to ${r.folder.targetSize})`, r.folder.images, r.folder.seconds, r.folder.imagesPerSec, ''],
      ],
    ),
    '',
    table(
      ['batch streaming', 'batch', 'ms/batch', 'images/s'],
      [
        ['plain', r.batches.plain.batchSize, r.batches.plain.msPerBatch, r.batches.plain.imagesPerSec],
        ['with crop + flip', r.batches.augmented.batchSize, r.batches.augmented.msPerBatch, r.batches.augmented.imagesPerSec],
      ],
    ),
  ],
  'demo-seeds': (r) => {
    const ms = (m, signed = false) => (m ? `${signed && m.mean >= 0 ? '+' : ''}${(m.mean * 100).toFixed(2)} ± ${(m.std * 100).toFixed(2)}` : '–');
    const out = [
      `\`distill-studio demo --seeds ${r.seeds}\` (${r.budget}) on the bundled MNIST digits and on Fashion-MNIST, per backend and weights; accuracy in %, mean ± sample std over the seeds; Δ is paired with the baseline of the same seed. "helps" = the paired Δ on test exceeds its own spread. ${r.seconds} s in all (${machine(r.machine)}).`,
    ];
    for (const run of r.runs) {
      out.push(
        '',
        `**${run.dataset}, ${run.backend}, ${run.weights} weights** (${run.seconds} s for ${r.seeds.split(',').length} × 5 runs)`,
        '',
        table(
          ['run', 'model', 'val acc', 'Δ val', 'test acc', 'Δ test', 'helps'],
          run.summary.map((x, i) => [
            x.label,
            x.model,
            ms(x.accuracy),
            ms(x.vsBaseline, true),
            ms(x.testAccuracy),
            ms(x.testVsBaseline, true),
            i < 2 ? '' : x.helps ? 'yes' : 'no',
          ]),
        ),
      );
    }
    out.push(
      '',
      table(
        ['dataset', 'native demo (s)', 'pure-JS demo (s)', 'native speed-up'],
        r.speedup.map((x) => [x.dataset, x.nativeSeconds ?? '–', x.pureJsSeconds ?? '–', x.ratio === null ? '–' : `${x.ratio}×`]),
      ),
    );
    return out;
  },
  'demo-speed': (r) => [
    `\`distill-studio demo\` end to end (${r.budget}), one variant after the other on ${machine(r.machine)}; seconds of wall time per run (teacher, baseline, KD, NST-poly, KD+NST) and for the whole demo, with validation accuracy so a speed-up never hides a change in results.`,
    '',
    table(
      ['variant', 'demo (s)', ...(r.rows[0]?.runs ?? []).map((x) => `${x.label} (s)`), ...(r.rows[0]?.runs ?? []).map((x) => `${x.label} val acc`)],
      r.rows.map((row) => [
        row.variant,
        row.seconds,
        ...row.runs.map((x) => (x.seconds === null ? '–' : x.seconds.toFixed(1))),
        ...row.runs.map((x) => (x.valAcc === null ? '–' : `${(x.valAcc * 100).toFixed(1)} %`)),
      ]),
    ),
    '',
    `Native with graph steps is ${r.speedUpOfGraphSteps.vsJsKernels ?? '–'}× faster than pure JS with the JS kernels (target ≥ 10×), ${r.speedUpOfGraphSteps.vsWasm ?? '–'}× faster than pure JS with the WebAssembly kernels, and ${r.speedUpOfGraphSteps.vsNativeOpByOp ?? '–'}× faster than native op by op.`,
  ],
  native: (r) => [
    `Native TensorFlow ${r.tensorflow} (setup-backend, ${r.threads.intraOp} intra-op threads) vs pure-JS tfjs with the fast kernels (1 thread), training steps interleaved in one process, medians of ${r.reps} (${machine(r.machine)}).`,
    '',
    table(
      [
        'model',
        'batch',
        'pure JS step (ms)',
        'native step (ms)',
        'speed-up (wall)',
        'pure JS CPU (ms)',
        'native CPU (ms)',
        'speed-up (CPU time)',
        'first loss JS / native',
      ],
      r.steps.map((s) => [
        s.model,
        s.batch,
        s.jsMedianMs,
        s.nativeMedianMs,
        `${s.ratio}×`,
        s.jsCpuMedianMs,
        s.nativeCpuMedianMs,
        `${s.cpuRatio}×`,
        `${s.firstLossJs.toFixed(5)} / ${s.firstLossNative.toFixed(5)}`,
      ]),
    ),
  ],
  peer: (r) => [
    `This project's training step vs the same step in plain PyTorch ${r.versions.pytorch} (bench/peer/torch_step.py), CPU, float32, batch ${r.batch}; native = TensorFlow backend (${r.versions.native}); wasm, js and stock = the portable cpu backend with its WebAssembly kernels (${r.versions.portable ?? 'WebAssembly'}; 2t = the gemm on two threads), its JS kernels, or tfjs's own kernels. Interleaved rounds, medians of ${r.rounds}${
      r.plans
        ? ` (fewer for the slow engines: ${Object.entries(r.plans)
            .map(
              ([n, p]) =>
                `${n} ${p.rounds} round${p.rounds > 1 ? 's' : ''}${p.slow?.length ? `, ${p.slowRounds} on ${p.slow.join(', ')}` : ''}${Array.isArray(p.workloads) ? ` (${p.workloads.join(', ')})` : ''}`,
            )
            .join('; ')})`
        : ` (pure JS ${r.jsRounds})`
    }; ${r.seconds} s in all (${machine(r.machine)}, load ${r.machine.loadAvgEnd?.[0]} at the end: a shared machine).${
      r.stepsPerRequest
        ? ` On ${r.stepsPerRequest.workloads.join(' and ')} every engine but ${r.stepsPerRequest.except.join(', ')} runs ${r.stepsPerRequest.warmup} untimed and ${r.stepsPerRequest.timed} timed steps per round (its sample is their median), since a single step right after the other engines' turns pays for cold caches; the longer workloads are timed once per round.`
        : ''
    }`,
    '',
    table(
      ['workload', 'engine', 'step (ms)', 'CPU (ms)', 'img/s', 'GFLOP/s', 'share of peak'],
      r.rows.flatMap((w) => w.engines.map((e) => [w.label, e.engine, e.wallMs, e.cpuMs, e.imagesPerSec, e.gflops, pct(e.peakShare)])),
    ),
    '',
    table(
      ['workload', 'native / PyTorch, 1 thread', 'same, CPU time', 'native / PyTorch, 2 threads', 'same, CPU time', '≥ 0.8× at both'],
      r.rows.map((w) => {
        const [a, b] = w.nativeVsPytorch;
        return [w.label, `${a.throughput}×`, `${a.cpuTime}×`, `${b.throughput}×`, `${b.cpuTime}×`, a.meets && b.meets ? 'yes' : 'no'];
      }),
    ),
    ...(r.rows.some((w) => w.portable?.wasm1tVsPytorch1t)
      ? [
          '',
          'The portable backend (WebAssembly kernels) against PyTorch on one thread (target: at most 3× slower using both cores, i.e. ≥ 0.33×) and against the JS and stock kernels of the same run (target: ≥ 5× the JS step):',
          '',
          table(
            [
              'workload',
              'wasm 1t / PyTorch 1t',
              'wasm 2t / PyTorch 1t',
              '≥ 0.33× on 2 threads',
              'wasm 1t vs JS',
              'wasm 2t vs JS',
              'wasm 1t vs stock',
              '2 threads vs 1',
            ],
            r.rows
              .filter((w) => w.portable?.wasm1tVsPytorch1t)
              .map((w) => {
                const p = w.portable;
                const x = (v) => (v === null || v === undefined ? '–' : `${v}×`);
                return [
                  w.label,
                  x(p.wasm1tVsPytorch1t),
                  x(p.wasm2tVsPytorch1t),
                  p.meetsThird === null ? '–' : p.meetsThird ? 'yes' : 'no',
                  x(p.wasm1tVsJs),
                  x(p.wasm2tVsJs),
                  x(p.wasm1tVsStock),
                  x(p.twoThreadsVsOne),
                ];
              }),
          ),
        ]
      : []),
    ...(r.overheads.length
      ? [
          '',
          'Distillation overhead beyond the teacher forward, (method − teacher forward − CE) / CE, per round, median (target ≤ 15 %):',
          '',
          table(
            ['engine', ...r.overheads[0].methods.map((m) => m.method)],
            r.overheads.map((o) => [o.engine, ...o.methods.map((m) => pct(m.overhead))]),
          ),
        ]
      : []),
    '',
    ...r.notes.map((n) => `- ${n}`),
    '',
    `Peak: ${r.peak.perCoreGflops} GFLOP/s per core (${r.peak.how}; measured: ${r.peak.gemm.map((g) => `${g.threads} thread${g.threads > 1 ? 's' : ''} ${g.gemmGflops.toFixed(0)} GFLOP/s`).join(', ')}). GFLOP/s count 2 FLOP per multiply-add of the products (bench/step-macs.ts). Parameter counts equal on both sides: ${r.params.map((p) => `${p.model} ${p.pytorch.toLocaleString('en-US')}`).join(', ')}.`,
  ],
  'history-query': (r) => [
    `One page (${r.pageSize} rows) of runs:query over ${r.history.runs.toLocaleString('en-US')} runs × ${r.history.pointsPerRun} points (${machine(r.machine)}); budget ${r.budgetMs} ms.`,
    '',
    table(
      ['query', 'median (ms)', 'max (ms)', 'matching runs', 'within budget'],
      r.cases.map((c) => [c.name, c.medianMs, c.maxMs, c.matching, c.pass ? 'yes' : 'NO']),
    ),
  ],
  ui: (r) => [
    `In Chromium ${r.machine.browser}, browser mode, ${r.history.runs.toLocaleString('en-US')} runs × ${r.history.pointsPerRun} points.`,
    '',
    table(
      ['measure', 'first (ms)', 'median (ms)', 'budget (ms)', 'met'],
      [
        ['runs table first render', r.runsTable.firstMs, r.runsTable.medianMs, r.runsTable.budgetMs, r.runsTable.pass ? 'yes' : 'NO'],
        [
          `comparison ${r.compare.runs} runs × ${r.compare.pointsPerRun.toLocaleString('en-US')} points drawn`,
          r.compare.firstMs,
          r.compare.medianMs,
          r.compare.budgetMs,
          r.compare.pass ? 'yes' : 'NO',
        ],
      ],
    ),
  ],
};

export function writeSummary(resultsDir, outFile) {
  const files = existsSync(resultsDir)
    ? readdirSync(resultsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const parts = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` from `bench/results/*.json`. Machines here are shared and noisy: compare',
    'numbers measured side by side in one run (ratios), not absolute times across runs.',
  ];
  for (const f of files) {
    const name = f.replace(/\.json$/, '');
    const result = JSON.parse(readFileSync(join(resultsDir, f), 'utf8'));
    const fmt = FORMATTERS[name] ?? FORMATTERS[name.replace(/-quick$/, '')];
    parts.push('', `## ${name} (${result.date ?? 'undated'})`, '');
    if (fmt) parts.push(...fmt(result));
    else parts.push('```json', JSON.stringify(result, null, 2).slice(0, 4000), '```');
  }
  writeFileSync(outFile, `${parts.join('\n')}\n`);
}
