// RSA signature verification for JWS: RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512
// (RSASSA-PSS), RFC 8017 and RFC 7518 §3.3/§3.5. One import for callers; the parts live in
// rsa-key.ts, rsa-pkcs1.ts, rsa-pss.ts and bignum/.
export { RsaPublicKey, RSA_MIN_MODULUS_BITS, RSA_MAX_MODULUS_BITS } from "./rsa-key";
export { rsaVerifyPkcs1v15, emsaPkcs1v15Encode } from "./rsa-pkcs1";
export { rsaVerifyPss, emsaPssVerify } from "./rsa-pss";
export { HashAlg, hashLength } from "./sha2";
