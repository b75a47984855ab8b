// Child-process entry of the peer benchmark (bench/peer.ts): loads the bundled bench/peer/node-step.ts
// (the parent bundles it first and passes its path) and serves training-step requests on stdin.
//   node bench/peer/child.mjs <bundle.cjs> tensorflow|cpu
import { createRequire } from 'node:module';

const [bundle, backend] = process.argv.slice(2);
const require = createRequire(import.meta.url);
await require(bundle).serve(backend);
