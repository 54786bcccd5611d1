// ChaCha20 (RFC 8439 §2.3–§2.4) and HChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2), the cipher half of the
// cookie AEAD. The twenty rounds run on sixteen locals so the engine can keep the state in registers;
// a call allocates its 128-byte state once and then reuses it for every block, so the cost of a message
// is the rounds themselves. Public functions check every length and return null (or an empty array)
// rather than trap: they are reachable from cookie bytes a browser controls.

/** RFC 8439 §2.3: the key is 256 bits. */
export const CHACHA20_KEY_BYTES: i32 = 32;
/** RFC 8439 §2.3: the IETF nonce is 96 bits. */
export const CHACHA20_NONCE_BYTES: i32 = 12;
/** RFC 8439 §2.3: the block function outputs 64 bytes. */
export const CHACHA20_BLOCK_BYTES: i32 = 64;
/** draft-irtf-cfrg-xchacha-03 §2.2: HChaCha20 takes a 128-bit nonce in place of counter and nonce. */
export const HCHACHA20_NONCE_BYTES: i32 = 16;
/** draft-irtf-cfrg-xchacha-03 §2.2: HChaCha20 returns a 256-bit subkey. */
export const HCHACHA20_SUBKEY_BYTES: i32 = 32;

// RFC 8439 §2.3: state words 0–3 are "expand 32-byte k" read as little-endian words.
const SIGMA0: u32 = 0x61707865;
const SIGMA1: u32 = 0x3320646e;
const SIGMA2: u32 = 0x79622d32;
const SIGMA3: u32 = 0x6b206574;

// Byte offsets inside a state buffer: 16 input words, then 16 words of block output.
const INPUT: usize = 0;
const OUTPUT: usize = 64;
const COUNTER_WORD: usize = 48; // RFC 8439 §2.3: word 12 is the block counter.
/** RFC 8439 §2.3: a 32-bit counter bounds one (key, nonce) to 2^32 blocks. */
const MAX_BLOCKS: u64 = 0x100000000;
/**
 * The longest input we encrypt in one call. Far above any cookie; it bounds the output allocation so no
 * input length can run linear memory out (an out-of-memory abort would trap the VM).
 */
export const CHACHA20_MAX_INPUT_BYTES: i32 = 1 << 24;

/**
 * Runs the 20 rounds (RFC 8439 §2.3: 10 column rounds interleaved with 10 diagonal rounds) on the 16 words
 * at `input` and writes the result to `output`. With `feedForward` the input is added back (the block
 * function, §2.3); without it the bare permutation is returned, which is what HChaCha20 needs (draft §2.2).
 */
function core(input: usize, output: usize, feedForward: bool): void {
  let x0 = load<u32>(input, 0), x1 = load<u32>(input, 4), x2 = load<u32>(input, 8), x3 = load<u32>(input, 12);
  let x4 = load<u32>(input, 16), x5 = load<u32>(input, 20), x6 = load<u32>(input, 24), x7 = load<u32>(input, 28);
  let x8 = load<u32>(input, 32), x9 = load<u32>(input, 36), x10 = load<u32>(input, 40), x11 = load<u32>(input, 44);
  let x12 = load<u32>(input, 48), x13 = load<u32>(input, 52), x14 = load<u32>(input, 56), x15 = load<u32>(input, 60);
  for (let i = 0; i < 10; i++) {
    // Column round: QUARTERROUND(0,4,8,12) (1,5,9,13) (2,6,10,14) (3,7,11,15), RFC 8439 §2.1/§2.3.
    x0 += x4; x12 = rotl<u32>(x12 ^ x0, 16); x8 += x12; x4 = rotl<u32>(x4 ^ x8, 12);
    x0 += x4; x12 = rotl<u32>(x12 ^ x0, 8); x8 += x12; x4 = rotl<u32>(x4 ^ x8, 7);
    x1 += x5; x13 = rotl<u32>(x13 ^ x1, 16); x9 += x13; x5 = rotl<u32>(x5 ^ x9, 12);
    x1 += x5; x13 = rotl<u32>(x13 ^ x1, 8); x9 += x13; x5 = rotl<u32>(x5 ^ x9, 7);
    x2 += x6; x14 = rotl<u32>(x14 ^ x2, 16); x10 += x14; x6 = rotl<u32>(x6 ^ x10, 12);
    x2 += x6; x14 = rotl<u32>(x14 ^ x2, 8); x10 += x14; x6 = rotl<u32>(x6 ^ x10, 7);
    x3 += x7; x15 = rotl<u32>(x15 ^ x3, 16); x11 += x15; x7 = rotl<u32>(x7 ^ x11, 12);
    x3 += x7; x15 = rotl<u32>(x15 ^ x3, 8); x11 += x15; x7 = rotl<u32>(x7 ^ x11, 7);
    // Diagonal round: QUARTERROUND(0,5,10,15) (1,6,11,12) (2,7,8,13) (3,4,9,14).
    x0 += x5; x15 = rotl<u32>(x15 ^ x0, 16); x10 += x15; x5 = rotl<u32>(x5 ^ x10, 12);
    x0 += x5; x15 = rotl<u32>(x15 ^ x0, 8); x10 += x15; x5 = rotl<u32>(x5 ^ x10, 7);
    x1 += x6; x12 = rotl<u32>(x12 ^ x1, 16); x11 += x12; x6 = rotl<u32>(x6 ^ x11, 12);
    x1 += x6; x12 = rotl<u32>(x12 ^ x1, 8); x11 += x12; x6 = rotl<u32>(x6 ^ x11, 7);
    x2 += x7; x13 = rotl<u32>(x13 ^ x2, 16); x8 += x13; x7 = rotl<u32>(x7 ^ x8, 12);
    x2 += x7; x13 = rotl<u32>(x13 ^ x2, 8); x8 += x13; x7 = rotl<u32>(x7 ^ x8, 7);
    x3 += x4; x14 = rotl<u32>(x14 ^ x3, 16); x9 += x14; x4 = rotl<u32>(x4 ^ x9, 12);
    x3 += x4; x14 = rotl<u32>(x14 ^ x3, 8); x9 += x14; x4 = rotl<u32>(x4 ^ x9, 7);
  }
  if (feedForward) {
    x0 += load<u32>(input, 0); x1 += load<u32>(input, 4); x2 += load<u32>(input, 8); x3 += load<u32>(input, 12);
    x4 += load<u32>(input, 16); x5 += load<u32>(input, 20); x6 += load<u32>(input, 24); x7 += load<u32>(input, 28);
    x8 += load<u32>(input, 32); x9 += load<u32>(input, 36); x10 += load<u32>(input, 40); x11 += load<u32>(input, 44);
    x12 += load<u32>(input, 48); x13 += load<u32>(input, 52); x14 += load<u32>(input, 56); x15 += load<u32>(input, 60);
  }
  store<u32>(output, x0, 0); store<u32>(output, x1, 4); store<u32>(output, x2, 8); store<u32>(output, x3, 12);
  store<u32>(output, x4, 16); store<u32>(output, x5, 20); store<u32>(output, x6, 24); store<u32>(output, x7, 28);
  store<u32>(output, x8, 32); store<u32>(output, x9, 36); store<u32>(output, x10, 40); store<u32>(output, x11, 44);
  store<u32>(output, x12, 48); store<u32>(output, x13, 52); store<u32>(output, x14, 56); store<u32>(output, x15, 60);
}

/**
 * A keyed ChaCha20 state for one (key, nonce): 16 input words and a 64-byte block buffer. Callers inside
 * the crypto package hand it raw pointers they have already bounds-checked.
 */
export class ChaChaState {
  private readonly words: StaticArray<u8> = new StaticArray<u8>(128);

  /** RFC 8439 §2.3: constants, key words 4–11, counter word 12, nonce words 13–15 (all little-endian). */
  constructor(keyPtr: usize, counter: u32, noncePtr: usize) {
    const s = changetype<usize>(this.words);
    store<u32>(s, SIGMA0, 0);
    store<u32>(s, SIGMA1, 4);
    store<u32>(s, SIGMA2, 8);
    store<u32>(s, SIGMA3, 12);
    memory.copy(s + 16, keyPtr, 32);
    store<u32>(s, counter, COUNTER_WORD);
    memory.copy(s + 52, noncePtr, 12);
  }

  /** The next 64-byte keystream block (RFC 8439 §2.3); the counter then moves on by one. */
  nextBlock(): usize {
    const s = changetype<usize>(this.words);
    core(s + INPUT, s + OUTPUT, true);
    store<u32>(s, load<u32>(s, COUNTER_WORD) + 1, COUNTER_WORD);
    return s + OUTPUT;
  }

  /** RFC 8439 §2.4: XORs `length` bytes at `src` with the keystream into `dst` (which may equal `src`). */
  xor(src: usize, dst: usize, length: usize): void {
    let offset: usize = 0;
    while (length - offset >= 64) {
      const k = this.nextBlock();
      const from = src + offset;
      const to = dst + offset;
      store<u64>(to, load<u64>(from, 0) ^ load<u64>(k, 0), 0);
      store<u64>(to, load<u64>(from, 8) ^ load<u64>(k, 8), 8);
      store<u64>(to, load<u64>(from, 16) ^ load<u64>(k, 16), 16);
      store<u64>(to, load<u64>(from, 24) ^ load<u64>(k, 24), 24);
      store<u64>(to, load<u64>(from, 32) ^ load<u64>(k, 32), 32);
      store<u64>(to, load<u64>(from, 40) ^ load<u64>(k, 40), 40);
      store<u64>(to, load<u64>(from, 48) ^ load<u64>(k, 48), 48);
      store<u64>(to, load<u64>(from, 56) ^ load<u64>(k, 56), 56);
      offset += 64;
    }
    if (offset < length) {
      // §2.4: a final partial block uses only as much keystream as it needs.
      const k = this.nextBlock();
      for (let i: usize = 0; offset + i < length; i++) {
        store<u8>(dst + offset + i, load<u8>(src + offset + i) ^ load<u8>(k + i));
      }
    }
  }

  /** Wipes the key material so it does not linger in linear memory after the call. */
  wipe(): void {
    memory.fill(changetype<usize>(this.words), 0, 128);
  }
}

/** Blocks needed for `length` bytes, as the §2.3 counter budget counts them. */
function blocksFor(length: i32): u64 {
  return (<u64>length + 63) >> 6;
}

/** RFC 8439 §2.3.1: the 64-byte block for (key, counter, nonce); null unless key is 32 and nonce 12 bytes. */
export function chacha20Block(key: Uint8Array, counter: u32, nonce: Uint8Array): Uint8Array | null {
  if (key.length != CHACHA20_KEY_BYTES || nonce.length != CHACHA20_NONCE_BYTES) return null;
  const state = new ChaChaState(key.dataStart, counter, nonce.dataStart);
  const out = new Uint8Array(CHACHA20_BLOCK_BYTES);
  memory.copy(out.dataStart, state.nextBlock(), 64);
  state.wipe();
  return out;
}

/**
 * RFC 8439 §2.4.1: encrypts (or decrypts) `input` starting at block `counter`. Null on bad key or nonce
 * length, an input over CHACHA20_MAX_INPUT_BYTES, or when the message would run the 32-bit counter past
 * 2^32 - 1 (§2.3: it must not wrap).
 */
export function chacha20Xor(key: Uint8Array, counter: u32, nonce: Uint8Array, input: Uint8Array): Uint8Array | null {
  if (key.length != CHACHA20_KEY_BYTES || nonce.length != CHACHA20_NONCE_BYTES) return null;
  if (input.length > CHACHA20_MAX_INPUT_BYTES) return null;
  if (<u64>counter + blocksFor(input.length) > MAX_BLOCKS) return null;
  const state = new ChaChaState(key.dataStart, counter, nonce.dataStart);
  const out = new Uint8Array(input.length);
  state.xor(input.dataStart, out.dataStart, <usize>input.length);
  state.wipe();
  return out;
}

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2): the ChaCha state with a 128-bit nonce in words 12–15, the
 * bare 20-round permutation, and words 0–3 and 12–15 as the subkey. Writes 32 bytes at `outPtr`.
 */
export function hchacha20Into(keyPtr: usize, noncePtr: usize, outPtr: usize): void {
  const s = new StaticArray<u8>(128);
  const p = changetype<usize>(s);
  store<u32>(p, SIGMA0, 0);
  store<u32>(p, SIGMA1, 4);
  store<u32>(p, SIGMA2, 8);
  store<u32>(p, SIGMA3, 12);
  memory.copy(p + 16, keyPtr, 32);
  memory.copy(p + 48, noncePtr, 16);
  core(p, p + 64, false);
  memory.copy(outPtr, p + 64, 16);
  memory.copy(outPtr + 16, p + 64 + 48, 16);
  memory.fill(p, 0, 128);
}

/** HChaCha20 subkey (draft-irtf-cfrg-xchacha-03 §2.2); an empty array unless key is 32 and nonce 16 bytes. */
export function hchacha20(key: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (key.length != CHACHA20_KEY_BYTES || nonce.length != HCHACHA20_NONCE_BYTES) return new Uint8Array(0);
  const out = new Uint8Array(HCHACHA20_SUBKEY_BYTES);
  hchacha20Into(key.dataStart, nonce.dataStart, out.dataStart);
  return out;
}
