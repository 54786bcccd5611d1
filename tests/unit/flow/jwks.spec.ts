import { parseJwks, chooseKey, KeyLookup, Jwks, MAX_JWKS_KEYS } from "../../../assembly/core/jwt/jwks";
import { allowedAlg, AlgSpec, KeyType } from "../../../assembly/core/jwt/alg";
import { utf8Encode } from "../../../assembly/core/encoding/utf8";
import { JWKS_MAIN, JWKS_SINGLE, JWKS_TWO_RSA, JWKS_ENC_ONLY, JWKS_KEYOPS_ENCRYPT, JWKS_WEAK, JWKS_K1_ALG_RS512, JWKS_UNPARSEABLE_FIRST } from "./jwt-fixtures";

const ALL: string[] = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];

function jwks(doc: string): Jwks {
  return parseJwks(utf8Encode(doc))!;
}
function spec(alg: string): AlgSpec {
  return allowedAlg(alg, ALL)!;
}
/** The JSON of the only key in JWKS_SINGLE. */
function k1Json(): string {
  return JWKS_SINGLE.substring('{"keys":['.length, JWKS_SINGLE.length - 2);
}

describe("allowedAlg", () => {
  it("knows the configured algorithms only", () => {
    expect(allowedAlg("RS256", ["RS256"])!.name).toBe("RS256");
    expect(allowedAlg("ES256", ["RS256"])).toBeNull();
  });
  it("never knows none or HMAC, even when configured", () => {
    expect(allowedAlg("none", ["none"])).toBeNull();
    expect(allowedAlg("HS256", ["HS256"])).toBeNull();
    expect(allowedAlg("rs256", ["rs256"])).toBeNull();
  });
});

describe("parseJwks", () => {
  it("reads RSA, EC and OKP keys", () => {
    const j = jwks(JWKS_MAIN);
    expect(j.keys.length).toBe(3);
    expect(j.keys[0].kty).toBe(KeyType.RSA);
    expect(j.keys[1].kty).toBe(KeyType.EC);
    expect(j.keys[1].alg).toBe("ES256");
    expect(j.keys[2].kty).toBe(KeyType.OKP);
    expect(j.keys[0].kid!).toBe("k1");
  });
  it("skips unparseable entries and keeps the good key", () => {
    const j = jwks(JWKS_UNPARSEABLE_FIRST);
    expect(j.keys.length).toBe(1);
    expect(j.keys[0].kid!).toBe("k1");
  });
  it("never keeps a use=enc key", () => {
    expect(jwks(JWKS_ENC_ONLY).keys.length).toBe(0);
  });
  it("never keeps a key whose key_ops exclude verify", () => {
    expect(jwks(JWKS_KEYOPS_ENCRYPT).keys.length).toBe(0);
  });
  it("never keeps a 1024-bit RSA key", () => {
    expect(jwks(JWKS_WEAK).keys.length).toBe(0);
  });
  it("refuses documents that are not a key set", () => {
    expect(parseJwks(utf8Encode("[]"))).toBeNull();
    expect(parseJwks(utf8Encode('{"keys":{}}'))).toBeNull();
    expect(parseJwks(utf8Encode("{}"))).toBeNull();
    expect(parseJwks(utf8Encode("<html>"))).toBeNull();
    expect(parseJwks(new Uint8Array(0))).toBeNull();
    expect(parseJwks(utf8Encode('{"keys":[]}'))!.keys.length).toBe(0);
  });
  it("reads at most MAX_JWKS_KEYS entries", () => {
    const parts = new Array<string>();
    for (let i = 0; i < MAX_JWKS_KEYS + 6; i++) parts.push(i < MAX_JWKS_KEYS + 5 ? '{"kty":"oct","k":"AA"}' : k1Json());
    expect(jwks('{"keys":[' + parts.join(",") + "]}").keys.length).toBe(0);
  });
});

describe("chooseKey", () => {
  it("finds the key by kid", () => {
    const c = chooseKey(jwks(JWKS_MAIN), spec("RS256"), "k1");
    expect(c.outcome).toBe(KeyLookup.Found);
    expect(c.key!.kid!).toBe("k1");
  });
  it("without kid, the single key that fits kty/alg/crv is used", () => {
    expect(chooseKey(jwks(JWKS_SINGLE), spec("RS256"), null).outcome).toBe(KeyLookup.Found);
    expect(chooseKey(jwks(JWKS_MAIN), spec("RS256"), null).outcome).toBe(KeyLookup.Found);
    expect(chooseKey(jwks(JWKS_MAIN), spec("ES256"), null).key!.kid!).toBe("ec1");
    expect(chooseKey(jwks(JWKS_MAIN), spec("EdDSA"), null).key!.kid!).toBe("ed1");
  });
  it("without kid, several fitting keys are ambiguous", () => {
    expect(chooseKey(jwks(JWKS_TWO_RSA), spec("RS256"), null).outcome).toBe(KeyLookup.Ambiguous);
  });
  it("two keys with the same kid are ambiguous", () => {
    expect(chooseKey(jwks('{"keys":[' + k1Json() + "," + k1Json() + "]}"), spec("RS256"), "k1").outcome).toBe(KeyLookup.Ambiguous);
  });
  it("an unknown kid is UnknownKid (the caller may refetch once)", () => {
    expect(chooseKey(jwks(JWKS_MAIN), spec("RS256"), "k9").outcome).toBe(KeyLookup.UnknownKid);
  });
  it("kid ../x is an opaque string that simply misses", () => {
    const c = chooseKey(jwks(JWKS_MAIN), spec("RS256"), "../x");
    expect(c.key).toBeNull();
    expect(c.outcome).toBe(KeyLookup.UnknownKid);
  });
  it("a 64 KB kid misses without trapping", () => {
    const c = chooseKey(jwks(JWKS_MAIN), spec("RS256"), "k".repeat(65536));
    expect(c.key).toBeNull();
  });
  it("a known kid whose key has another kty is NoMatch", () => {
    expect(chooseKey(jwks(JWKS_MAIN), spec("RS256"), "ec1").outcome).toBe(KeyLookup.NoMatch);
    expect(chooseKey(jwks(JWKS_MAIN), spec("ES256"), "k1").outcome).toBe(KeyLookup.NoMatch);
  });
  it("a key pinned to another alg is NoMatch", () => {
    expect(chooseKey(jwks(JWKS_K1_ALG_RS512), spec("RS256"), "k1").outcome).toBe(KeyLookup.NoMatch);
    expect(chooseKey(jwks(JWKS_K1_ALG_RS512), spec("RS512"), "k1").outcome).toBe(KeyLookup.Found);
  });
  it("a P-256 key does not serve ES384", () => {
    expect(chooseKey(jwks(JWKS_MAIN), spec("ES384"), "ec1").outcome).toBe(KeyLookup.NoMatch);
  });
  it("an empty key set has no key", () => {
    expect(chooseKey(new Jwks(), spec("RS256"), null).outcome).toBe(KeyLookup.NoMatch);
    expect(chooseKey(new Jwks(), spec("RS256"), "k1").outcome).toBe(KeyLookup.UnknownKid);
  });
});
