// RSASSA-PKCS1-v1_5 signature verification (RFC 8017 §8.2.2), as used by JWS RS256/384/512
// (RFC 7518 §3.3).
//
// The encoded message is rebuilt from the message hash and compared with the recovered one in full;
// it is never parsed. Parsing the padding or the DigestInfo (as ASN.1) is what let forgeries through
// in the past (CVE-2006-4339 and its many descendants): a lenient parser skips garbage that a small
// public exponent lets an attacker place there. A rebuilt-and-compared encoding has exactly one
// accepted form, so legacy variants such as a DigestInfo without the NULL parameter are rejected.
import { HashAlg, hashWith } from "./sha2";
import { constantTimeEqual } from "./ct";
import { RsaPublicKey } from "./rsa-key";

// DER of DigestInfo up to the digest octets (RFC 8017 §9.2, Note 1): SEQUENCE { SEQUENCE { OID,
// NULL }, OCTET STRING of hLen bytes }. The OIDs are id-sha256/384/512 (2.16.840.1.101.3.4.2.1/2/3).
const DIGEST_INFO_SHA256: StaticArray<u8> = [
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
];
const DIGEST_INFO_SHA384: StaticArray<u8> = [
  0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
];
const DIGEST_INFO_SHA512: StaticArray<u8> = [
  0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
];

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2) requires at least 8 bytes of 0xff padding (step 3). */
const MIN_PADDING_LENGTH: i32 = 8;

function digestInfoPrefix(alg: HashAlg): StaticArray<u8> {
  if (alg == HashAlg.SHA256) return DIGEST_INFO_SHA256;
  if (alg == HashAlg.SHA384) return DIGEST_INFO_SHA384;
  return DIGEST_INFO_SHA512;
}

/**
 * EMSA-PKCS1-v1_5-ENCODE (RFC 8017 §9.2) of a digest into emLen bytes:
 * 0x00 ‖ 0x01 ‖ 0xff…0xff ‖ 0x00 ‖ DigestInfo. Null when emLen is too short (step 3).
 */
export function emsaPkcs1v15Encode(alg: HashAlg, digest: Uint8Array, emLen: i32): Uint8Array | null {
  const prefix = digestInfoPrefix(alg);
  const tLen = prefix.length + digest.length;
  const psLen = emLen - tLen - 3;
  if (psLen < MIN_PADDING_LENGTH) return null;
  const em = new Uint8Array(emLen);
  unchecked((em[1] = 0x01));
  memory.fill(em.dataStart + 2, 0xff, <usize>psLen);
  // em[2 + psLen] stays 0x00, the separator.
  const t = 3 + psLen;
  memory.copy(em.dataStart + <usize>t, changetype<usize>(prefix), <usize>prefix.length);
  memory.copy(em.dataStart + <usize>(t + prefix.length), digest.dataStart, <usize>digest.length);
  return em;
}

/**
 * RSASSA-PKCS1-V1_5-VERIFY (RFC 8017 §8.2.2): true only when `signature` is exactly the key's
 * length, below n, and s^e mod n equals the encoding of hash(message). False on any other input.
 */
export function rsaVerifyPkcs1v15(key: RsaPublicKey, alg: HashAlg, message: Uint8Array, signature: Uint8Array): bool {
  if (signature.length != key.byteLength) return false;
  const expected = emsaPkcs1v15Encode(alg, hashWith(alg, message), key.byteLength);
  if (expected === null) return false;
  const recovered = key.publicOperation(signature);
  if (recovered === null) return false;
  return constantTimeEqual(recovered, expected);
}
