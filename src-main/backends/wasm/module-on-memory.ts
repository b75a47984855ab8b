// Instantiating the embedded WebAssembly kernels (kernels.generated.ts, base64): decoding, and
// the modules that work on the gemm's linear memory (patches, batch norm, max pooling,
// element-wise passes), each in its own-memory or shared-memory (threaded) build; and the check
// their wrappers make on every operand before a call.

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

/** Each operand must be a live view of `memory` with at least the floats the pass touches; `owner` names the wrapper in errors. */
export function checkViews(memory: WebAssembly.Memory, owner: string, operands: readonly [Float32Array, number][]): void {
  for (const [v, need] of operands) {
    if (v.buffer !== memory.buffer) throw new Error(`${owner}: an operand is not a current view of the engine's memory`);
    if (v.length < need) throw new Error(`${owner}: an operand has ${v.length} floats, the pass touches ${need}`);
  }
}
