// The few WebAssembly JS-API declarations the portable kernels use. The project compiles against
// lib ES2023 + @types/node, neither of which declares the WebAssembly global (lib.dom does, but
// main-process code must not see DOM types); Node, Electron and browsers all provide it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    /** A SharedArrayBuffer when the memory is shared. */
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(deltaPages: number): number;
  }
  function validate(bytes: BufferSource): boolean;
}
