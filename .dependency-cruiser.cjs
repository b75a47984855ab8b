// Import rules of the architecture (docs/architecture.md), checked in `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-neutral',
      comment: 'shared/ imports nothing of ours and no runtime: only zod and itself',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: ['^shared/', 'node_modules/zod/'] },
    },
    {
      name: 'core-is-pure-tfjs',
      comment: 'training/core imports only shared and tfjs: no files, DB or processes',
      severity: 'error',
      from: { path: '^src-main/training/core/' },
      to: { pathNot: ['^src-main/training/core/', '^shared/', 'node_modules/@tensorflow/tfjs'] },
    },
    {
      name: 'backends-are-leaves',
      comment:
        'backends/cpu and backends/wasm hold kernels the worker registers or injects: no training logic, nothing else of the app but the name of the custom op they implement',
      severity: 'error',
      from: { path: '^src-main/backends/(cpu|wasm)/' },
      to: {
        path: '^src-main/(?!backends/)',
        pathNot: '^src-main/training/core/(losses/sum-of-squares|models/batch-norm-train|models/relu-grad|optimizer-kernels)\\.ts$',
      },
    },
    {
      name: 'core-not-backends',
      comment: 'training/core runs on whatever backend is set; it never imports one (the worker chooses)',
      severity: 'error',
      from: { path: '^src-main/training/core/' },
      to: { path: '^src-main/backends/' },
    },
    {
      name: 'host-not-worker-code',
      comment: 'training/host (main process: supervisor, spawners, recovery) talks to workers through the protocol types only',
      severity: 'error',
      from: { path: '^src-main/training/host/' },
      to: { path: ['^src-main/training/core/', '^src-main/training/worker/(?!protocol\\.ts$)'] },
    },
    {
      name: 'worker-no-db-ipc-electron',
      comment: 'training/worker imports core and Node; never db, ipc, services or Electron',
      severity: 'error',
      from: { path: '^src-main/training/worker/' },
      to: { path: ['^src-main/db/', '^src-main/ipc/', '^src-main/services/', '^src-main/server/', 'node_modules/electron/'] },
    },
    {
      name: 'services-no-electron',
      comment: 'services are transport-agnostic so browser mode and the CLI reuse them',
      severity: 'error',
      from: { path: '^src-main/(services|db|datasets|training|server|cli|export)/' },
      to: { path: ['node_modules/electron/', '^src-main/ipc/', '^src-main/preload/', '^src-main/index\\.ts$'] },
    },
    {
      name: 'only-shell-imports-electron',
      comment: "only src-main/index.ts, preload/ and ipc/ may import 'electron'",
      severity: 'error',
      from: { pathNot: ['^src-main/index\\.ts$', '^src-main/preload/', '^src-main/ipc/'] },
      to: { path: ['node_modules/electron/', '^electron$'] },
    },
    {
      name: 'renderer-not-main',
      comment: 'nothing in src-renderer imports src-main',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/' },
    },
    {
      name: 'views-use-stores-not-client',
      comment: 'views and components go through stores; only stores use api/client.ts',
      severity: 'error',
      from: { path: '^src-renderer/(views|components)/' },
      to: { path: '^src-renderer/api/' },
    },
    {
      name: 'main-never-loads-tfjs',
      comment: 'the main process never runs tensor math: only worker code may reach tfjs, even indirectly',
      severity: 'error',
      from: { path: '^src-main/(index\\.ts|services|server|cli|ipc|db|shell|preload|training/host)' },
      to: { path: 'node_modules/@tensorflow/', reachable: true },
    },
    {
      name: 'native-setup-never-loads-tfjs',
      comment: 'backends/native-setup builds and locates the native backend for the main process (CLI, doctor, System screen): no tfjs',
      severity: 'error',
      from: { path: '^src-main/backends/native-setup/' },
      to: { path: 'node_modules/@tensorflow/', reachable: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.vue', '.json'],
    },
  },
};
