// Poly1305 against RFC 8439 §2.5.2 and Appendix A.3 (including the reduction edge cases #5-#11),
// plus incremental updates split at every offset. Hex transcribed from the RFC text.
import { Poly1305, poly1305Mac } from "../../../assembly/core/crypto/poly1305";
import { IETF_CONTRIBUTION_TEXT, JABBERWOCKY_TEXT, KEY_1C9240A5, hex, toHex } from "./rfc8439";

function macCase(key: string, message: string, tag: string): void {
  expect(toHex(poly1305Mac(hex(key), hex(message)))).toBe(tag);
}

describe("Poly1305", () => {
  it("RFC 8439 §2.5.2 example", () => {
    macCase("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b",
      "43727970746f6772617068696320466f72756d2052657365617263682047726f7570",
      "a8061dc1305136c6c22b8baf0c0127a9");
  });
  it("RFC 8439 A.3 test vector #1", () => {
    macCase("0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000000" +
      "0000000000000000000000000000000000000000000000000000000000000000",
      "00000000000000000000000000000000");
  });
  it("RFC 8439 A.3 test vector #2", () => {
    macCase("0000000000000000000000000000000036e5f6b5c5e06070f0efca96227a863e",
      IETF_CONTRIBUTION_TEXT,
      "36e5f6b5c5e06070f0efca96227a863e");
  });
  it("RFC 8439 A.3 test vector #3", () => {
    macCase("36e5f6b5c5e06070f0efca96227a863e00000000000000000000000000000000",
      IETF_CONTRIBUTION_TEXT,
      "f3477e7cd95417af89a6b8794c310cf0");
  });
  it("RFC 8439 A.3 test vector #4", () => {
    macCase(KEY_1C9240A5, JABBERWOCKY_TEXT, "4541669a7eaaee61e708dc7cbcc5eb62");
  });
  it("RFC 8439 A.3 test vector #5: a partially reduced final result that is not fully reduced", () => {
    macCase("0200000000000000000000000000000000000000000000000000000000000000",
      "ffffffffffffffffffffffffffffffff",
      "03000000000000000000000000000000");
  });
  it("RFC 8439 A.3 test vector #6: addition of s overflowing 2^128", () => {
    macCase("02000000000000000000000000000000ffffffffffffffffffffffffffffffff",
      "02000000000000000000000000000000",
      "03000000000000000000000000000000");
  });
  it("RFC 8439 A.3 test vector #7: an all-ones data limb with a carry from the limb below", () => {
    macCase("0100000000000000000000000000000000000000000000000000000000000000",
      "fffffffffffffffffffffffffffffffff0ffffffffffffffffffffffffffffff" +
      "11000000000000000000000000000000",
      "05000000000000000000000000000000");
  });
  it("RFC 8439 A.3 test vector #8: a polynomial result of exactly 2^130 - 5", () => {
    macCase("0100000000000000000000000000000000000000000000000000000000000000",
      "fffffffffffffffffffffffffffffffffbfefefefefefefefefefefefefefefe" +
      "01010101010101010101010101010101",
      "00000000000000000000000000000000");
  });
  it("RFC 8439 A.3 test vector #9: a polynomial result of exactly 2^130 - 6", () => {
    macCase("0200000000000000000000000000000000000000000000000000000000000000",
      "fdffffffffffffffffffffffffffffff",
      "faffffffffffffffffffffffffffffff");
  });
  it("RFC 8439 A.3 test vector #10: 5·H + L reduction with a 131-bit intermediate result", () => {
    macCase("0100000000000000040000000000000000000000000000000000000000000000",
      "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000" +
      "0000000000000000000000000000000001000000000000000000000000000000",
      "14000000000000005500000000000000");
  });
  it("RFC 8439 A.3 test vector #11: 5·H + L reduction with a 131-bit final result", () => {
    macCase("0100000000000000040000000000000000000000000000000000000000000000",
      "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000" +
      "00000000000000000000000000000000",
      "13000000000000000000000000000000");
  });
  it("gives the same tag however the message is split across updates", () => {
    const key = hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
    const message = new Uint8Array(100);
    for (let i = 0; i < message.length; i++) message[i] = <u8>(i * 7 + 3);
    const whole = toHex(poly1305Mac(key, message));
    for (let split = 0; split <= message.length; split++) {
      for (let second = split; second <= message.length; second += 13) {
        const mac = new Poly1305(key.dataStart);
        mac.update(message.dataStart, <usize>split);
        mac.update(message.dataStart + <usize>split, <usize>(second - split));
        mac.update(message.dataStart + <usize>second, <usize>(message.length - second));
        const tag = new Uint8Array(16);
        mac.finish(tag.dataStart);
        expect(toHex(tag)).toBe(whole);
      }
    }
  });
  it("rejects a key that is not 32 bytes with null", () => {
    for (let n = 0; n < 40; n++) {
      if (n != 32) expect(poly1305Mac(new Uint8Array(n), new Uint8Array(3))).toBeNull();
    }
  });
});
