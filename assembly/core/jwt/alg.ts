// The JWS algorithms we verify (RFC 7518 §3.1, RFC 8037 §3.1) and what each needs of a key. The
// algorithm comes from the configured allow-list, never from the token alone (RFC 8725 §3.1):
// "none" and the HMAC family are never in the table, so no token can select them.

import { HashAlg } from "../crypto/sha2";

export enum KeyType { RSA, EC, OKP }
export enum Scheme { Pkcs1v15, Pss, Ecdsa, EdDSA }

export class AlgSpec {
  constructor(
    public name: string,
    public keyType: KeyType,
    public scheme: Scheme,
    public hash: HashAlg,
    /** JWK "crv" the key must have (EC/OKP), else "". */
    public curve: string,
  ) {}
}

const TABLE: AlgSpec[] = [
  new AlgSpec("RS256", KeyType.RSA, Scheme.Pkcs1v15, HashAlg.SHA256, ""),
  new AlgSpec("RS384", KeyType.RSA, Scheme.Pkcs1v15, HashAlg.SHA384, ""),
  new AlgSpec("RS512", KeyType.RSA, Scheme.Pkcs1v15, HashAlg.SHA512, ""),
  new AlgSpec("PS256", KeyType.RSA, Scheme.Pss, HashAlg.SHA256, ""),
  new AlgSpec("PS384", KeyType.RSA, Scheme.Pss, HashAlg.SHA384, ""),
  new AlgSpec("PS512", KeyType.RSA, Scheme.Pss, HashAlg.SHA512, ""),
  new AlgSpec("ES256", KeyType.EC, Scheme.Ecdsa, HashAlg.SHA256, "P-256"),
  new AlgSpec("ES384", KeyType.EC, Scheme.Ecdsa, HashAlg.SHA384, "P-384"),
  new AlgSpec("EdDSA", KeyType.OKP, Scheme.EdDSA, HashAlg.SHA512, "Ed25519"),
];

/** The spec of `name` if it is both known and allowed by configuration; else null. */
export function allowedAlg(name: string, allowed: Array<string>): AlgSpec | null {
  if (!allowed.includes(name)) return null;
  for (let i = 0; i < TABLE.length; i++) {
    const a = unchecked(TABLE[i]);
    if (a.name == name) return a;
  }
  return null;
}

export function keyTypeName(t: KeyType): string {
  return t == KeyType.RSA ? "RSA" : t == KeyType.EC ? "EC" : "OKP";
}
