// Generator for the unrolled field arithmetic in assembly/core/crypto/ec/*_arith.ts.
// node scripts/ec-gen/gen.mjs <name> <outfile>
import { writeFileSync } from "node:fs";

const PRIMES = {
  p256: { N: 8, p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    // 2^256 mod p as signed words: 2^224 - 2^192 - 2^96 + 1
    pattern: { 7: 1, 6: -1, 3: -1, 0: 1 },
    cite: "FIPS 186-4 D.1.2.3: p = 2^256 - 2^224 + 2^192 + 2^96 - 1, so 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p)" },
  p384: { N: 12, p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    pattern: { 4: 1, 3: 1, 1: -1, 0: 1 },
    cite: "FIPS 186-4 D.1.2.4: p = 2^384 - 2^128 - 2^96 + 2^32 - 1, so 2^384 = 2^128 + 2^96 - 2^32 + 1 (mod p)" },
  f25519: { N: 8, p: 2n ** 255n - 19n, pattern: { 0: 38 },
    cite: "RFC 8032 §5.1: p = 2^255 - 19, so 2^256 = 38 (mod p)" },
};

const name = process.argv[2];
const out = process.argv[3];
const { N, p, pattern, cite } = PRIMES[name];
const W = 2n ** BigInt(32 * N) - p; // added to test r >= p through the carry out of r + W
const Ww = [...Array(N)].map((_, i) => (W >> BigInt(32 * i)) & 0xffffffffn);

// coef[k][j]: 2^(32k) mod p as sum_j coef * 2^(32j), found by folding the top word down repeatedly.
const coef = [];
for (let k = 0; k < 2 * N; k++) {
  const v = new Array(2 * N).fill(0);
  v[k] = 1;
  for (let h = 2 * N - 1; h >= N; h--) {
    const c = v[h];
    if (c === 0) continue;
    v[h] = 0;
    for (const [idx, pc] of Object.entries(pattern)) v[h - N + Number(idx)] += c * pc;
  }
  coef.push(v.slice(0, N));
  // check
  let val = 0n;
  for (let j = 0; j < N; j++) val += BigInt(v[j]) * 2n ** BigInt(32 * j);
  if (((val - 2n ** BigInt(32 * k)) % p + p) % p !== 0n) throw new Error("fold wrong");
}

const L = [];
const P = (s) => L.push(s);
const Name = name.toUpperCase().replace("F25519", "F25519");
const fn = name;
const ts = (n, pre) => [...Array(n)].map((_, i) => `${pre}${i}`);

function reduceFn() {
  const params = ts(2 * N, "t").map((t) => `${t}: i64`).join(", ");
  P(`// Folds a ${2 * N}-word product (each word < 2^32) to the canonical residue and stores it at o.`);
  P(`// ${cite}; the high words fold down with signed`);
  P(`// word coefficients, then the small top carry folds again until none is left.`);
  P(`// @ts-ignore: decorator`);
  P(`@inline ${split ? "export " : ""}function ${fn}Reduce(o: usize, ${params}): void {`);
  for (let j = 0; j < N; j++) {
    const terms = [];
    for (let k = 0; k < 2 * N; k++) {
      const c = coef[k][j];
      if (c === 0) continue;
      const t = `t${k}`;
      if (terms.length === 0) terms.push(c === 1 ? t : c === -1 ? `-${t}` : `${t} * ${c}`);
      else terms.push(c === 1 ? `+ ${t}` : c === -1 ? `- ${t}` : c > 0 ? `+ ${t} * ${c}` : `- ${t} * ${-c}`);
    }
    P(`  let r${j}: i64 = ${terms.join(" ")};`);
  }
  P(`  let c: i64 = 0;`);
  const prop = () => {
    for (let j = 0; j < N; j++) {
      P(`    ${j > 0 ? `r${j} += c; ` : ""}c = r${j} >> 32; r${j} &= MASK;`);
    }
  };
  P(`  do {`);
  P(`    r0 += c;`.replace("r0 += c;", "")); // placeholder removed below
  L.pop();
  // fold top carry c into the low words using the pattern
  for (const [idx, pc] of Object.entries(pattern)) {
    P(pc === 1 ? `    r${idx} += c;` : pc === -1 ? `    r${idx} -= c;` : `    r${idx} += c * ${pc};`);
  }
  prop();
  P(`  } while (c != 0);`);
  P(`  // r < 2^${32 * N}; subtract p once or twice when r >= p (the carry out of r + 2^${32 * N} - p says so).`);
  P(`  for (let pass = 0; pass < 2; pass++) {`);
  for (let j = 0; j < N; j++) {
    P(`    const s${j}: i64 = r${j} + ${Ww[j] === 0n ? "0" : "0x" + Ww[j].toString(16)}${j > 0 ? ` + (s${j - 1} >>> 32)` : ""};`);
  }
  P(`    if ((s${N - 1} >>> 32) == 0) break;`);
  for (let j = 0; j < N; j += 4) P("    " + [0, 1, 2, 3].map((d) => `r${j + d} = s${j + d} & MASK;`).join(" "));
  P(`  }`);
  for (let j = 0; j < N; j += 4) P("  " + [0, 1, 2, 3].map((d) => `store<u32>(o, <u32>r${j + d}, ${4 * (j + d)});`).join(" "));
  P(`}`);
}

function loads(v, ptr) {
  for (let i = 0; i < N; i += 4) {
    P("  " + [0, 1, 2, 3].map((d) => `const ${v}${i + d} = <i64>load<u32>(${ptr}, ${4 * (i + d)});`).join(" "));
  }
}

function mulFn() {
  P(`/** o = a * b mod p; o may alias a or b. */`);
  P(`export function ${fn}Mul(o: usize, a: usize, b: usize): void {`);
  loads("a", "a"); loads("b", "b");
  P(`  let x: i64, lo: i64, hi: i64;`);
  P(`  x = a0 * b0;`);
  P(`  const t0 = x & MASK;`);
  P(`  lo = x >>> 32; hi = 0;`);
  for (let k = 1; k < 2 * N - 1; k++) {
    for (let i = Math.max(0, k - N + 1); i <= Math.min(k, N - 1); i++) {
      P(`  x = a${i} * b${k - i}; lo += x & MASK; hi += x >>> 32;`);
    }
    P(`  const t${k} = lo & MASK; lo = (lo >>> 32) + hi; hi = 0;`);
  }
  P(`  ${fn}Reduce(o, ${ts(2 * N - 1, "t").join(", ")}, lo);`);
  P(`}`);
}

function sqrFn() {
  P(`/** o = a^2 mod p, with each cross product computed once; o may alias a. */`);
  P(`export function ${fn}Sqr(o: usize, a: usize): void {`);
  loads("a", "a");
  P(`  let x: i64, lo: i64, hi: i64, clo: i64, chi: i64;`);
  P(`  x = a0 * a0;`);
  P(`  const t0 = x & MASK;`);
  P(`  clo = x >>> 32; chi = 0;`);
  for (let k = 1; k < 2 * N - 1; k++) {
    P(`  lo = 0; hi = 0;`);
    for (let i = Math.max(0, k - N + 1); i < k - i; i++) {
      P(`  x = a${i} * a${k - i}; lo += x & MASK; hi += x >>> 32;`);
    }
    P(`  lo = (lo << 1) + clo; hi = (hi << 1) + chi;`);
    if (k % 2 === 0) P(`  x = a${k / 2} * a${k / 2}; lo += x & MASK; hi += x >>> 32;`);
    P(`  const t${k} = lo & MASK; clo = (lo >>> 32) + hi; chi = 0;`);
  }
  P(`  ${fn}Reduce(o, ${ts(2 * N - 1, "t").join(", ")}, clo);`);
  P(`}`);
}

function addSubFns() {
  P(`/** o = a + b mod p for a, b < p; o may alias a or b. */`);
  P(`export function ${fn}Add(o: usize, a: usize, b: usize): void {`);
  P(`  let c: i64 = 0;`);
  for (let j = 0; j < N; j++) {
    P(`  c += <i64>load<u32>(a, ${4 * j}) + <i64>load<u32>(b, ${4 * j}); const r${j} = c & MASK; c >>>= 32;`);
  }
  P(`  // a + b < 2p: subtract p when the sum reaches 2^${32 * N} or r + (2^${32 * N} - p) carries.`);
  P(`  let s: i64 = 0;`);
  for (let j = 0; j < N; j++) P(`  s += r${j} + 0x${Ww[j].toString(16)}; const s${j} = s & MASK; s >>>= 32;`);
  P(`  if ((s | c) != 0) {`);
  for (let j = 0; j < N; j += 4) P("    " + [0, 1, 2, 3].map((d) => `store<u32>(o, <u32>s${j + d}, ${4 * (j + d)});`).join(" "));
  P(`  } else {`);
  for (let j = 0; j < N; j += 4) P("    " + [0, 1, 2, 3].map((d) => `store<u32>(o, <u32>r${j + d}, ${4 * (j + d)});`).join(" "));
  P(`  }`);
  P(`}`);
  P(``);
  P(`/** o = a - b mod p for a, b < p; o may alias a or b. */`);
  P(`export function ${fn}Sub(o: usize, a: usize, b: usize): void {`);
  P(`  let c: i64 = 0;`);
  for (let j = 0; j < N; j++) {
    P(`  c += <i64>load<u32>(a, ${4 * j}) - <i64>load<u32>(b, ${4 * j}); const r${j} = c & MASK; c >>= 32;`);
  }
  P(`  if (c == 0) {`);
  for (let j = 0; j < N; j++) P(`    store<u32>(o, <u32>r${j}, ${4 * j});`);
  P(`    return;`);
  P(`  }`);
  P(`  // borrowed: add p back (p's words, the sum's carry out cancels the borrow)`);
  const pw = [...Array(N)].map((_, i) => (p >> BigInt(32 * i)) & 0xffffffffn);
  P(`  c = 0;`);
  for (let j = 0; j < N; j++) P(`  c += r${j} + 0x${pw[j].toString(16)}; store<u32>(o, <u32>c, ${4 * j}); c >>>= 32;`);
  P(`}`);
}

const header = () => {
P(`// GENERATED unrolled arithmetic modulo ${name} (32-bit limbs, little-endian, values kept in [0, p)), written`);
P(`// by a small generator script rather than by hand; tests/unit/crypto/ec_field.spec.ts checks it against`);
P(`// exact integer arithmetic. Products are summed by column in two 64-bit accumulators (low and high`);
P(`// halves of each partial product) so no column can overflow; this is the hot loop of verification.`);
P(``);
P(`// @ts-ignore: decorator`);
  P(`@inline ${split ? "export " : ""}const MASK: i64 = 0xffffffff;`);
P(``);
};
const split = N > 8;
const emit = (file) => { writeFileSync(file, L.join("\n") + "\n"); console.log(file, L.length, "lines"); L.length = 0; };
header();
reduceFn(); P(``);
mulFn();
if (split) {
  emit(out.replace(".ts", "_mul.ts"));
  P(`// GENERATED unrolled arithmetic modulo ${name}: squaring, addition and subtraction (see ${name}_mul.ts).`);
  P(`import { MASK, ${fn}Reduce } from "./${name}_mul";`);
} 
P(``);
sqrFn(); P(``);
addSubFns();
emit(split ? out.replace(".ts", "_sqr.ts") : out);
