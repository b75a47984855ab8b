// Instantiating the embedded WebAssembly kernels (kernels.generated.ts, base64): decoding, and
// the modules that work on the gemm's linear memory (patches, batch norm, max pooling), each in
// its own-memory or shared-memory (threaded) build.

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  // atob exists in Node ≥ 16, Electron and browsers: no Buffer, so this runs anywhere.
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The exports of a module that imports `memory` as env.memory: its shared build when the memory is shared. */
export function instantiateOn(memory: WebAssembly.Memory, shared: boolean, builds: { own: string; shared: string }): WebAssembly.Instance['exports'] {
  const module = new WebAssembly.Module(decodeBase64(shared ? builds.shared : builds.own));
  return new WebAssembly.Instance(module, { env: { memory } }).exports;
}
