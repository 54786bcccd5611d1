// Fixed signing keys of the fuzzing IdP. Test-only keys, generated once for this purpose and kept
// here (private parts included) so that every saved crasher replays byte-for-byte: the JWKS, the
// ID tokens and their signatures are the same in every run. Never use them for anything else.
import { createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";

interface PrivateJwk { kty: string; kid: string; [member: string]: string }

const JWKS_PRIVATE: Record<"rsa" | "rsaPss" | "ec256" | "ec384" | "ed", PrivateJwk> = {
  rsa: {
    kty: "RSA",
    n: "2Bh23ZNEM7A9kidY_mJiG7oh5wmN0SL75AhNnFVv60GMKaEW-mcSq1EdCmahOl0WNdlUr-2IIEfiN5buUOSjibWQWvz1qwFKS4x5KAYTd-_G-AnjFCE6DZT9MbpBScS4Z6dZ-J5YcpMTTEf7Vl2wQGVtulCgeX14khp3NH0l4Xx5-pD_ntDWLTIM-ljLv3mA_piQO47RFuJCO6cooHmfuv2QhfrFFVbhIFFuofDWAoBP1BSwT7MIUr-09rsZL_eYRjMKqTX9HPOnAIp0wxzvBZ3DXEXK7PLlrrx2bC3Dh2gG0YUv5naJRJhm0S9_ubhq2Y4zttKAcGOzBGnFdllTpQ",
    e: "AQAB",
    d: "CPnPKiSdTxumxbouV0v6hkCk0DC_PBdyE1vdmWeaa_uqLj_Q3AV0VZBbc_H6XW8TZpjd4dGBzNF04y6OPJGap17WyFNnLZCyp3uwu_RbUlPagGACF3Uf2647bBmFRQ1PmY1DzptefM0rc94uNuf8_lfC3IZ6e-wLGjUmNr8XV-EdAAMcMwz26zTu4zZgYO4J-kXgZ9DU0gVr4BTm58ed_vckBHfdxFlvMBYF8Befl30Qz08CgmHnDqc9juHIp1dzqIBarDa8nhBrHEQA5l81RYWU7w90GyhJ6XYn_brQmG0-qShjbMYstVz24t9WCDOHw5OWSpiQUIRcbcRr__OD4Q",
    p: "-Mk-BwIN2oVU7_JE_zKF_8XCUPGFi35HZS0rkmZoJdOoJUmZcTvByx-o7MPlY3NVmRC_zLqlgxa1d6uy-k3NM_ztv_cvElDFElMusBtSRvKXwakcjBoBedfKRXZe5qgeFj-2kEAchEZ1eT7hgs7jxEPvG_NUO6iLAM1vEfuU59E",
    q: "3lyOxzGFl3fqdWcBG3h9LSZbBM7RZc3PdXPZtYqpKCg11ns6MwY_2S-07zJlMajDVTiersGLFr6nLUdU90OVfaKYLJBiR6b0DdmANbjhrvsCY-H9Q8g7aSLI_UNZT2TAIKZ15vdIHyYSmpQWEqdBTgB3z6GewNC_k39sA114t5U",
    dp: "7P_I9yQdzm313B8PW4zl2iKqWjG65ogFu3ysZWrpDB_1ro_OfPBQTRB7_BEiFPtqL8ak8INd6ONZPAd1GL3FHiF028q-LNSE6FAVye49ExlHOFXBvDWJ8mh_aGy7O0AsaUWIxSJOCDSW9EnSyqoMkIum3RmQxMRqpvkNNjRURgE",
    dq: "Xi_2iol_fNlehrxKy8gNvcIxa6fvKqAy8B1SaoOBg3EE3QT1cgeDpAuBKJDALHi_xKlnDb8Nm2TGi3dbliEagU0OCFJgTtl5JySqGhdmAShxqr1e-gcmozII0L5mZirW9v2Lk3nLIuaNmsx_TQdrsg6gsWJUTHgfreqbZhGBwME",
    qi: "HmqRg-Yl0soL19lXNEtklAQ_g3KFSStIe6b3AtR6KYUUYZNu6t8gzU2IspZYlCrHtr3bwVJo-CR0T5wkzNV1fS8ZSUO5K67CGcthn7YuQxgGg91QLl9pXHCCDbcVJvvEIPgxwvJ-vfnmJIQB3SK7f49JgeTj2nSJqoXJUToWlMI",
    kid: "fz-rsa-1",
  },
  rsaPss: {
    kty: "RSA",
    n: "qCrguetZx71gEj9J9hgAFukXvOa3kAI4lPnLhjAXcTkSoxmCgtQJM0Cfbz2VsUYOaSpQYbJ5qvPZ0_YmYi58nnjAHh33YAbxgGw2sHiDxas2Jaqe_yT-h6Zi6h3lchorm7DCahBrPfSsCtOsUNce9Iow7ZCvcfvUeJPCaYXCqnEUnbyZYGYJkinPWqVvcuxJkA5aiGEsXOrvMgdr5MAhak2_nOtfHFBoS4duXeDSP78HxvnJ69FBmS7VxHBfTH072fTe46ztauTR4FEWSS_DrPX1iHwsKBQq46fbJwHJqxttt71um25MSpBYpvXl47mcdTHBdEBHNIRYEebT_fmC-Q",
    e: "AQAB",
    d: "RYFLVqyGc_66iXAtEpDC4LVAgWvebJ_uYOyJiRGxbrOHF3BAt_AJSWypOOH8T8PDywWZKXgJv3WAD5JKNQQ_r4P667e4-bCE-m4_gFqfJADqpVDK3Gue49QKR_dJUQquAXBiOlJE8NuCjAsGynbPLYU8ScQmL3dFTvzLOq_1UFo2yOny_kRtZ1dH0UQKyUU7eRuzcXcXrLImT-5TE1gqfNstOvk0PjnhD1FTFVzfmxAu8zpDpXN2x8xyYtLndX1XNOgnEzStaSXOMvMy443ZGuv0m38tfsde_WQHybWU0jhM7UyrcGqKWrCNGSz5_9rg8VcJKFaDl5-RmFxYi9C83Q",
    p: "2sFIUaHRGpIDiY8yB5yh50owBoK3MSiYEgf0t7K2FOCSuav2ZJRlDdvvaVu1N_PKdjicp6DVFTZbxUA6ltENmAL_xpIyP7NR4571yHnYXNLm5gxwsxahb1G3xjClfViXk67-uS8NjZw1pV1j0fBu6JVegxEesVvflJmFpmQE2Ds",
    q: "xMysa5SpmL5E9WiYKQDxYGOSR6_czFHg81rHE6KUbrl69pw5cJk7g6GOyqRSb_J-cKc3zbflzPTeesf_5ATMmmonXXypzhaooIEGQ96p_PIccpVxFyfqHsoJ93CWUosAsF5MqmSoF8OoZjUW64BllVEr6wG4-PoPmI3EkObdkls",
    dp: "ooWK5ysjoWvtuNtsPf9-wcl6WLvwwlL4eBz1ES1y3ZvjJpK94gfl9B_8hPgfcMxtFNwGdvukk7fpAmkvnjD-unsv8CVZs73UDxpgXGs59eyyoyOG72bW1U-PC23E5ZVWN-CBWq-8kAMIUC1MJgNNQvsGVrX3aalqOIq-otoYR1U",
    dq: "rlQ4MBxCl8GESHfcwgXJy_6oJ8SLLJsjT68MRkJwhhzb5fTBlRLH-3RzjuI8_Fms05HtBthuQj5vjgf4jz4JGIgMUu4JZTwBKBzjNd_aaOz3cjEbOs3qwFdsuLoNDxV_CLyf4RjFJjf1xoQkx3y3f6ul4clm13Z7tkFu7IT1pZ0",
    qi: "ZiJ78qt_mLA3BlUJTelqEUSNVm0Z20erR19XESgjgmIcrVobCKRJXmWm1Qitaoi9esd5Qn3iz9AuN8JJZer9fVs_61-3elPANE2IrKG90pmjiWf5kbtWD11Ee7lV1NT_XuR8RiPsS9n1JhFhsUGiQQpib879RpnZgBCzclU9d3U",
    kid: "fz-rsa-2",
  },
  ec256: {
    kty: "EC",
    x: "1f6PhplSg-Q2A0yipaXw1PYUtWYQX7p19APZD1f98EY",
    y: "YugArWssdumozXYTQeyIdXdag-1jZnHzxOy2NDrguNs",
    crv: "P-256",
    d: "Kj1f-6PBi13CGiB4bLLZXeWEQ3w0LZsw2x6cHAMRj6Q",
    kid: "fz-ec-256",
  },
  ec384: {
    kty: "EC",
    x: "RlZ45Pv_VFK97uoxczOSg-sXEObtqBWjAatAMdk7H-n8XTVJrxEcWAEZ2YOfnZDs",
    y: "Oyq1-xtE1sgZrn35EyX-rj8mYTbrNJ9a7vt8jCOSZS5L2v5kMnZdAsZpdL2Co04a",
    crv: "P-384",
    d: "tzsb1ua9wibhyPX9KVK7UABVyq83sZyLjiyId4fl10_4SWJZjxJyh5VhAnFwUQH9",
    kid: "fz-ec-384",
  },
  ed: {
    crv: "Ed25519",
    d: "Anlh0OfQXq1-mX0XmEOr0KGWLdqRiQC3FpGZ_PEq3yI",
    x: "6zs4IwcY-uqUX9NFPsg2YpoqTmNtdNodWsxzA3WP-HI",
    kty: "OKP",
    kid: "fz-ed-1",
  },
};
export type KeyName = keyof typeof JWKS_PRIVATE;

/** The JWS algorithms the fuzzing IdP signs with, and the key each one uses. */
export const ALG_KEYS: Record<string, KeyName> = {
  RS256: "rsa", RS384: "rsa", RS512: "rsa", PS256: "rsaPss", PS384: "rsaPss", PS512: "rsaPss",
  ES256: "ec256", ES384: "ec384", EdDSA: "ed",
};
export const SIGNING_ALGS = Object.keys(ALG_KEYS);

/** The "alg" each key is published with in the JWKS; the PSS key has none (any RSA algorithm). */
const PUBLISHED_ALG: Record<KeyName, string | null> = { rsa: "RS256", rsaPss: null, ec256: "ES256", ec384: "ES384", ed: "EdDSA" };

const PRIVATE_MEMBERS = new Set(["d", "p", "q", "dp", "dq", "qi"]);
const privateKeys = new Map<KeyName, KeyObject>();

function privateKey(name: KeyName): KeyObject {
  let k = privateKeys.get(name);
  if (k === undefined) {
    k = createPrivateKey({ key: JWKS_PRIVATE[name] as never, format: "jwk" });
    privateKeys.set(name, k);
  }
  return k;
}

export function kidOf(name: KeyName): string {
  return JWKS_PRIVATE[name].kid;
}

/** The public JWK of one key, as an IdP publishes it (use "sig", its alg when it has one). */
export function publicJwk(name: KeyName): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(JWKS_PRIVATE[name])) if (!PRIVATE_MEMBERS.has(k)) out[k] = v;
  out.use = "sig";
  const alg = PUBLISHED_ALG[name];
  if (alg !== null) out.alg = alg;
  return out;
}

/** Every key: the JWKS of the fuzzing IdP. */
export function fuzzJwks(): { keys: Record<string, string>[] } {
  return { keys: (Object.keys(JWKS_PRIVATE) as KeyName[]).map(publicJwk) };
}

const HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

/** Signature over `input` (the JWS signing input, latin1 bytes) with `alg`'s key, base64url. */
export function signJws(alg: string, input: string): string {
  const keyName = ALG_KEYS[alg];
  if (keyName === undefined) throw new Error(`no key for ${alg}`);
  const data = Buffer.from(input, "latin1");
  const key = privateKey(keyName);
  if (alg === "EdDSA") return sign(null, data, key).toString("base64url");
  const hash = HASH[alg.slice(2)];
  if (alg.startsWith("RS")) return sign(hash, data, key).toString("base64url");
  if (alg.startsWith("PS")) {
    return sign(hash, data, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: Number(alg.slice(2)) / 8 }).toString("base64url");
  }
  return sign(hash, data, { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
}

/** Sanity check used by the self-test: the public half of every key parses. */
export function publicKeysParse(): boolean {
  return (Object.keys(JWKS_PRIVATE) as KeyName[]).every((n) => createPublicKey({ key: publicJwk(n) as never, format: "jwk" }) !== null);
}
