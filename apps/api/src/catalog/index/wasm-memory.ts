/** The part of WebAssembly's API used here (Node has it all; its types leave it to the DOM's). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const PAGE = 65_536;
const compiled = new WeakMap<Uint8Array, object>();

/**
 * A module (compiled once) instantiated over a memory of its own, at least `bytes` long and
 * imported as `env.memory`: its exports, and the memory's buffer to lay arrays over.
 */
export function instantiate(module: Uint8Array, bytes: number) {
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
  let made = compiled.get(module);
  if (!made) {
    made = new wasm.Module(module);
    compiled.set(module, made);
  }
  const instance = new wasm.Instance(made, { env: { memory } });
  return { exports: instance.exports, buffer: memory.buffer };
}
