// A minimal WebAssembly binary writer for hand-made test modules (no wabt needed): function
// imports, functions with raw instruction bytes, one exported memory, exports by name.
export type ValType = "i32" | "i64";
const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e };

/** Instruction bytes tests use. */
export const op = {
  unreachable: 0x00,
  end: 0x0b,
  drop: 0x1a,
  call: 0x10,
  localGet: 0x20,
  i32Const: 0x41,
} as const;

export interface ImportSpec { module: string; name: string; params: ValType[]; results: ValType[] }
export interface FuncSpec {
  /** Export name; unexported functions may still be called by index. */
  export?: string;
  params: ValType[];
  results: ValType[];
  /** Instructions without the final `end`. Function indices count imports first. */
  body: number[];
}

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const name = (s: string) => [...uleb(Buffer.byteLength(s)), ...Buffer.from(s)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, payload: number[]) => [id, ...uleb(payload.length), ...payload];

export function buildModule(spec: { imports?: ImportSpec[]; funcs: FuncSpec[]; memoryPages?: number }): Uint8Array {
  const imports = spec.imports ?? [];
  const types: string[] = [];
  const typeIndex = (params: ValType[], results: ValType[]) => {
    const key = `${params.join(",")}->${results.join(",")}`;
    if (!types.includes(key)) types.push(key);
    return types.indexOf(key);
  };
  const importEntries = imports.map((i) => [...name(i.module), ...name(i.name), 0x00, ...uleb(typeIndex(i.params, i.results))]);
  const funcTypes = spec.funcs.map((f) => uleb(typeIndex(f.params, f.results)));
  const typeEntries = types.map((key) => {
    const [p, r] = key.split("->").map((s) => (s === "" ? [] : (s.split(",") as ValType[])));
    return [0x60, ...vec(p.map((t) => [VALTYPE[t]])), ...vec(r.map((t) => [VALTYPE[t]]))];
  });
  const exports: number[][] = [];
  spec.funcs.forEach((f, i) => {
    if (f.export !== undefined) exports.push([...name(f.export), 0x00, ...uleb(imports.length + i)]);
  });
  exports.push([...name("memory"), 0x02, 0x00]);
  const codes = spec.funcs.map((f) => {
    const body = [0x00 /* no locals */, ...f.body, op.end];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(typeEntries)),
    ...section(2, vec(importEntries)),
    ...section(3, vec(funcTypes)),
    ...section(5, vec([[0x00, ...uleb(spec.memoryPages ?? 1)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}

/**
 * The smallest module Envoy accepts as a 0.2.x HTTP filter: every hook returns "continue"/true
 * and malloc hands out a fixed scratch area. `overrides` replace hooks by export name.
 */
export function minimalFilter(overrides: Partial<Record<string, FuncSpec>> = {}, imports: ImportSpec[] = []): Uint8Array {
  const I = "i32" as const;
  const ret = (v: number) => [op.i32Const, ...sleb(v)];
  const base: FuncSpec[] = [
    { export: "proxy_abi_version_0_2_0", params: [], results: [], body: [] },
    { export: "malloc", params: [I], results: [I], body: ret(4096) },
    { export: "proxy_on_context_create", params: [I, I], results: [], body: [] },
    { export: "proxy_on_vm_start", params: [I, I], results: [I], body: ret(1) },
    { export: "proxy_on_configure", params: [I, I], results: [I], body: ret(1) },
    { export: "proxy_on_request_headers", params: [I, I, I], results: [I], body: ret(0) },
    { export: "proxy_on_response_headers", params: [I, I, I], results: [I], body: ret(0) },
    { export: "proxy_on_done", params: [I], results: [I], body: ret(1) },
    { export: "proxy_on_log", params: [I], results: [], body: [] },
    { export: "proxy_on_delete", params: [I], results: [], body: [] },
  ];
  // An override keeps the hook's export name unless it names another one.
  const funcs = base.map((f) => (overrides[f.export!] ? { export: f.export, ...overrides[f.export!]! } : f));
  for (const [exportName, f] of Object.entries(overrides)) {
    if (f !== undefined && !base.some((b) => b.export === exportName)) funcs.push({ ...f, export: exportName });
  }
  return buildModule({ imports, funcs });
}
