// A header map with the observable behaviour of Envoy's HeaderMapImpl as proxy-wasm reaches it.
// Names and values are byte strings (see abi.ts); names are stored ASCII-lowercased.
import { asciiLower, type Pairs } from "./abi.ts";

export class HeaderMap {
  private entries: Pairs = [];

  constructor(pairs: Pairs = []) {
    for (const [k, v] of pairs) this.add(k, v);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Sum of name and value lengths: what get_header_map_size reports (HeaderMap::byteSize). */
  byteSize(): number {
    let n = 0;
    for (const [k, v] of this.entries) n += k.length + v.length;
    return n;
  }

  /** addCopy: appends; pseudo-headers (":x") stay ahead of regular ones, as in Envoy's list. */
  add(key: string, value: string): void {
    const k = asciiLower(key);
    if (k.startsWith(":")) {
      let at = 0;
      while (at < this.entries.length && this.entries[at][0].startsWith(":")) at++;
      this.entries.splice(at, 0, [k, value]);
    } else {
      this.entries.push([k, value]);
    }
  }

  /** First value, as get_header_map_value returns (Envoy returns entry[0] only). */
  get(key: string): string | undefined {
    const k = asciiLower(key);
    return this.entries.find(([name]) => name === k)?.[1];
  }

  getAll(key: string): string[] {
    const k = asciiLower(key);
    return this.entries.filter(([name]) => name === k).map(([, v]) => v);
  }

  /** setCopy: since Envoy 1.16 it removes every entry of the name, then adds one. */
  set(key: string, value: string): void {
    this.remove(key);
    this.add(key, value);
  }

  remove(key: string): void {
    const k = asciiLower(key);
    this.entries = this.entries.filter(([name]) => name !== k);
  }

  /** set_header_map_pairs: every existing entry goes, the new ones are added in order. */
  replaceAll(pairs: Pairs): void {
    this.entries = [];
    for (const [k, v] of pairs) this.add(k, v);
  }

  pairs(): Pairs {
    return this.entries.map(([k, v]) => [k, v]);
  }
}
