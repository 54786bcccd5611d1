// Open-redirect payloads of our own making for security.md C.25: every pattern family of C.25
// (protocol-relative, backslash, whitespace, encoded slashes, scheme tricks, dangerous schemes,
// userinfo, fragment, domain suffix/prefix, CR/LF, unicode, IP hosts, dot segments, long inputs),
// each crossed with a few host spellings. The checked-in fixture tests/fixtures/open-redirects.txt is
// this module's output; regenerate it with
//
//   node --import tsx tests/e2e/hostile/redirect-payloads.ts
//
// (hostile-clients-redirects.test.ts fails when the two drift apart). One payload per line:
// `<family><TAB><payload as a JSON string>`, so tabs, CR/LF and non-ASCII stay visible and exact.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The only origin the sign-out `rd` parameter may name in the tests (allowed_redirect_origins). */
export const GOOD = "portal.example.com";
export const GOOD_ORIGIN = `https://${GOOD}`;
/** An attacker's host (RFC 2606 reserved name). */
export const EVIL = "evil.example";

export interface Payload { family: string; payload: string }

export const FIXTURE = fileURLToPath(new URL("../../fixtures/open-redirects.txt", import.meta.url));

const cross = (prefixes: string[], hosts: string[]): string[] => prefixes.flatMap((p) => hosts.map((h) => p + h));

/** Host spellings that all lead to the attacker. */
const EVIL_HOSTS = [EVIL, "EVIL.EXAMPLE", `${EVIL}.`, `${EVIL}:443`, `${EVIL}/`, `${EVIL}/x?y=1`,
  `${GOOD}.${EVIL}`, `evil${GOOD}`, `${GOOD}@${EVIL}`, `${EVIL}#@${GOOD}`, "192.0.2.1", "[2001:db8::1]"];
const FEW_HOSTS = [EVIL, "EVIL.Example", "192.0.2.1"];

function families(): Record<string, string[]> {
  return {
    // //host and its longer cousins: every browser reads them as "same scheme, other host".
    "protocol-relative": [...cross(["//", "///", "////"], EVIL_HOSTS), `//${"/".repeat(8)}${EVIL}`, `//${EVIL}//`, `//${EVIL}/%2e%2e`, `//${EVIL}?next=/`],
    // Browsers treat "\" as "/" in special URLs (CVE-2020-4037).
    "backslash": cross(["/\\", "\\/", "\\\\", "\\/\\/", "/\\/", "\\//", "/\\\\", "//\\", "\\\\\\", "/\\/\\"], [EVIL, `${EVIL}/`, "192.0.2.1", `${GOOD}@${EVIL}`, "EVIL.EXAMPLE"]),
    // Tabs and newlines are dropped by URL parsers (CVE-2020-11053); spaces, NUL, zero-width and NBSP.
    "whitespace": cross(["/%09/", "/%0a/", "/%0d/", "/%0b/", "/%0c/", "/%20/", "/ /", "/\t/", "/\n/", "/\r/", "/\v/", "/\f/",
      "/\u00a0/", "/%00/", "/\u0000/", "\t//", " //", "%09//", "//%09", "/%09%09/", "/\t\t/", "/%E2%80%8B/", "/\u200b/", "/\u3000/", "/+/"], FEW_HOSTS),
    // Encoded separators, double and triple encoding, overlong UTF-8, %u, nested and HTML-entity forms.
    "encoded-slashes": cross(["/%2f", "/%2F", "%2f%2f", "%2F%2F", "/%2f%2f", "/%2F%2F", "/%2f/", "/%5c", "/%5C", "%5c%5c", "/%5c%5c", "/%5c/",
      "/%2f%5c", "/%5c%2f", "/%252f%252f", "/%252F", "/%255c", "/%255c%255c", "%252f%252f", "/%25252f%25252f", "/%c0%af", "/%c0%af%c0%af",
      "/%e0%80%af", "/%c1%9c", "/%u002f%u002f", "/%%32%66%%32%66", "/%2%66", "/&#47;&#47;", "/&#x2f;&#x2f;", "/%c0%2f"], FEW_HOSTS),
    // Schemes without "//" (https:host, http:/host), with backslashes, in mixed case (CVE-2020-5233).
    "scheme-no-slashes": cross(["https:", "http:", "https:/", "http:/", "https:\\", "https:\\\\", "https:/\\", "https:\\/", "http:\\\\",
      "HTTPS:", "HtTp:", "https:%2f%2f", "https:%5c%5c", "https:///", "http:////"], FEW_HOSTS),
    // Plain absolute URLs to another site, any scheme, any case.
    "absolute": cross(["http://", "https://", "HTTP://", "HTTPS://", "hTtPs://", "ftp://", "ws://", "wss://", "file://", "gopher://"],
      [EVIL, `${EVIL}/path?q=1`, "192.0.2.1", `${EVIL}:8443`]),
    // Whitespace and control characters inside the scheme, which parsers strip.
    "scheme-whitespace": cross(["ht\ttps://", "h\nttps://", "https\t://", "https:\t//", "https:/\t/", "https:\r\n//", " https://", "\thttps://",
      "\u0000https://", "https%09://", "ht%09tps://", "\u000bhttps://", "https:%09//", "https:/%0a/"], [EVIL, `${GOOD}@${EVIL}`]),
    // Script-bearing schemes.
    "javascript-data-vbscript": [
      "javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:alert(1)", "javascript://%0aalert(1)", `javascript://${EVIL}/%0aalert(1)`,
      "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)", "java%09script:alert(1)", "java%0ascript:alert(1)",
      "%6a%61%76%61%73%63%72%69%70%74:alert(1)", " javascript:alert(1)", "\u0001javascript:alert(1)", "javascript&colon;alert(1)",
      "jav&#x09;ascript:alert(1)", "/javascript:alert(1)", "//javascript:alert(1)", `javascript:/\\/${EVIL}`, "javascript:alert(document.cookie)//",
      "\u2028javascript:alert(1)", "javascript%3aalert(1)", "javascript\u0000:alert(1)", "&#106;avascript:alert(1)",
      "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "DATA:text/html,x",
      `data:,${EVIL}`, "d%61ta:text/html,x", "data\t:text/html,x", "data:text/html%2cx", " data:text/html,x", "/data:text/html,x",
      "vbscript:msgbox(1)", "VBScript:msgbox(1)", "vbscript\t:msgbox(1)", "vbs%63ript:msgbox(1)", "livescript:alert(1)",
      `blob:https://${EVIL}/0d9e`, `filesystem:https://${EVIL}/temporary/x`, `view-source:https://${EVIL}`, `jar:https://${EVIL}!/`,
      `intent://${EVIL}#Intent;end`, `mailto:x@${EVIL}`, "about:blank", "chrome://settings",
    ],
    // Userinfo tricks: the host is what follows the last "@" (CVE-2021-21291's cousin).
    "userinfo": cross(["https://", "http://", "//", "/\\", "https:"], [`${GOOD}@${EVIL}`, `${GOOD}:443@${EVIL}`, `user:pass@${EVIL}`,
      `${GOOD}%40${EVIL}`, `${GOOD}%2540${EVIL}`, `@${EVIL}`, `${GOOD}%2f@${EVIL}`, `${EVIL}\\@${GOOD}`, `${GOOD}@@${EVIL}`, `${GOOD}%00@${EVIL}`]),
    // Fragment and query tricks: "#@good" makes a naive check see the good host.
    "fragment-query": cross(["https://", "http://", "//"], [`${EVIL}#@${GOOD}`, `${EVIL}#${GOOD}`, `${EVIL}?@${GOOD}`, `${EVIL}?${GOOD}`,
      `${EVIL}/#/${GOOD}`, `${EVIL}%23@${GOOD}`, `${EVIL}%2523@${GOOD}`, `${EVIL}%3f@${GOOD}`, `${EVIL};@${GOOD}`, `${EVIL}&@${GOOD}`]),
    // Suffix/prefix domain matching (CVE-2021-21291): only the exact allowed origin may pass.
    "domain-suffix-prefix": cross([""], [`evil${GOOD}`, `${GOOD}.${EVIL}`, `${GOOD}${EVIL}`, `${GOOD}-${EVIL}`, "portal-example.com",
      "portalxexample.com", "portal.example.co", `${GOOD}.`, `${GOOD}..`, `.${GOOD}`, `x${GOOD}`, `sub.${GOOD}`, `${GOOD}%2e${EVIL}`,
      `${GOOD}%00.${EVIL}`, `${GOOD}%2f.${EVIL}`, `${GOOD}:8443`, `${GOOD}:0`, `${GOOD}:65536`, `${GOOD}:443:443`, `PORTAL.EXAMPLE.COM.${EVIL}`,
      `${GOOD}\\.${EVIL}`, `${GOOD}%5c.${EVIL}`, `${GOOD}\t.${EVIL}`, `${GOOD}:443.${EVIL}`, `${GOOD}%3a443@${EVIL}`]
      .flatMap((h) => [`https://${h}`, `https://${h}/x`]))
      .concat([`http://${GOOD}`, `http://${GOOD}/x`, `wss://${GOOD}/`, `HTTPS://${GOOD}.${EVIL}/`, `//${GOOD}.${EVIL}`, `https:${GOOD}.${EVIL}`]),
    // Header injection through the Location header.
    "crlf-injection": [
      "/%0d%0aSet-Cookie:oidc_session=planted", "/x%0d%0aSet-Cookie:%20a=b", `/%0aLocation:%20https://${EVIL}`, `/%0dLocation:https://${EVIL}`,
      "/%0d%0a%0d%0a<script>alert(1)</script>", "/%250d%250aSet-Cookie:a=b", "/%25250d%25250aSet-Cookie:a=b", "/%E5%98%8A%E5%98%8DSet-Cookie:a=b",
      "/\u560a\u560dSet-Cookie:a=b", "/%c4%8d%c4%8aSet-Cookie:a=b", "/%E2%80%A8Set-Cookie:a=b", "/\r\nSet-Cookie: a=b", "/\nSet-Cookie: a=b",
      "/%0D%0ASet-Cookie:a=b", "/%0d%0a%09Set-Cookie:a=b", `${GOOD_ORIGIN}/%0d%0aSet-Cookie:a=b`, `${GOOD_ORIGIN}/\r\nSet-Cookie:a=b`,
      `//${EVIL}/%0d%0a`, "/%u000d%u000aSet-Cookie:a=b", "/%%30d%%30aSet-Cookie:a=b", "/%0d%0aContent-Length:0%0d%0a%0d%0aHTTP/1.1%20200%20OK",
      "/?x=%0d%0aSet-Cookie:a=b", "/x?%0aSet-Cookie:a=b", "/%0d%0a", "/%0a", "/%0d", "/x\r\n", "/\u0085Set-Cookie:a=b", "/%C2%85Set-Cookie:a=b",
      "/%00%0d%0aSet-Cookie:a=b",
    ],
    // Unicode look-alikes: fullwidth and other slashes, ideographic full stops, IDN homographs.
    "unicode-idn": [
      `/\uff0f${EVIL}`, `\uff0f\uff0f${EVIL}`, `/\uff3c${EVIL}`, `\uff3c\uff3c${EVIL}`, "//evil\u3002example", "//evil\uff0eexample",
      "//evil\uff61example", "//\uff45\uff56\uff49\uff4c.example", "//\u24d4\u24e5\u24d8\u24db.example", `/\u2215${EVIL}`, `\u2215\u2215${EVIL}`,
      `/\u2044${EVIL}`, `//${EVIL}%E3%80%82`, `/%EF%BC%8F%EF%BC%8F${EVIL}`, `/%EF%BC%8F${EVIL}`, `/%EF%BC%BC${EVIL}`, "//evil%E3%80%82example",
      "https://xn--prtal-3qa.example.com", "https://p\u03bfrtal.example.com", `https://${GOOD}\u200b`, "https://portal.ex\u00adample.com",
      `/\u2216${EVIL}`, `/\ufe68${EVIL}`, `/\u29f5${EVIL}`, `https:\uff0f\uff0f${EVIL}`, `https://${EVIL}\uff0f@${GOOD}`, `//%E2%81%84${EVIL}`,
      `//${EVIL}\u2025`, `//\u0130${EVIL}`, `https://${GOOD}\uff0e${EVIL}`, `/\u3000/${EVIL}`, `//${EVIL}\u0000.${GOOD}`,
    ],
    // IPv4 in decimal, hex, octal, short forms; IPv6 and mapped IPv4; the loopback under other names.
    "ip-hosts": cross(["//", "https://", "http://", "/\\", "https:"], ["192.0.2.1", "3221225985", "0xC0000201", "0xc0.0x00.0x02.0x01",
      "0300.0000.0002.0001", "030000001001", "192.0x0.2.1", "192.0.513", "192.513", "192.0.2.1.", "[2001:db8::1]", "[::ffff:192.0.2.1]",
      "[::ffff:c000:201]", "[0:0:0:0:0:ffff:c000:0201]", "[2001:db8::1]:443", "127.0.0.1", "2130706433", "0.0.0.0"]),
    // Dot segments that turn into "//" once a normalizer removes them (Envoy's normalize_path does).
    "dot-segments": [`/.//${EVIL}`, `/..//${EVIL}`, `/./\\${EVIL}`, `/%2e//${EVIL}`, `/%2e%2e//${EVIL}`, `/a/..//${EVIL}`, `/a/%2e%2e//${EVIL}`,
      `/.%2f/${EVIL}`, `/..%2f/${EVIL}`, `/;//${EVIL}`, `/..;//${EVIL}`, `/.;//${EVIL}`, `/a/../\\${EVIL}`, `/%2e/%2f${EVIL}`, `/././/${EVIL}`,
      `/x/../..//${EVIL}`, `/.%00//${EVIL}`, `/a/b/../../..//${EVIL}`, `/%2E%2E//${EVIL}`, `/.\\/${EVIL}`, `/..\\/${EVIL}`, `/a/.%2e//${EVIL}`],
    // Inputs around and far beyond every length limit.
    "long": [`/${"a".repeat(2046)}`, `/${"a".repeat(2047)}`, `/${"a".repeat(2048)}`, `/${"a".repeat(8000)}`, `//${EVIL}/${"a".repeat(3000)}`,
      `${"/".repeat(2000)}${EVIL}`, `${"/%2f".repeat(600)}${EVIL}`, `https://${EVIL}/${"a".repeat(5000)}`, `${GOOD_ORIGIN}/${"a".repeat(3000)}`,
      `/?${"a=b&".repeat(1000)}`, `/${"%41".repeat(1500)}`, `/${"\u00e9".repeat(1000)}`, `//${"a".repeat(250)}.${EVIL}`,
      `https://${"a.".repeat(200)}${EVIL}`, "/\\".repeat(1000), `${GOOD_ORIGIN}${"/".repeat(3000)}`, `/${"a".repeat(2040)}//${EVIL}`],
    // Relative references without a leading slash, and odd first characters.
    "relative-odd-start": [EVIL, `${EVIL}/`, `.${EVIL}`, `@${EVIL}`, `:${EVIL}`, `?//${EVIL}`, `#//${EVIL}`, `../${EVIL}`, `;//${EVIL}`,
      `\\${EVIL}`, `.\\${EVIL}`, `./\\${EVIL}`, `..\\\\${EVIL}`, "", " ", "/", "\u0000", `%2e%2e%2f%2f${EVIL}`, `*//${EVIL}`, `~//${EVIL}`],
  };
}

/** Percent-encodes everything (what a careless client does to a whole URL), once and twice. */
function encodedVariants(): string[] {
  const seeds = [`//${EVIL}`, `/\\${EVIL}`, `https://${EVIL}`, `https:${EVIL}`, "javascript:alert(1)", `https://${GOOD}@${EVIL}`,
    `https://${EVIL}#@${GOOD}`, `https://${GOOD}.${EVIL}`, `/%0d%0aSet-Cookie:a=b`, `/\t/${EVIL}`, `//192.0.2.1`, `\\/\\/${EVIL}`];
  const all = (s: string) => [...Buffer.from(s, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");
  return seeds.flatMap((s) => [encodeURIComponent(s), encodeURIComponent(encodeURIComponent(s)), all(s), `/${all(s)}`, `/${encodeURIComponent(encodeURIComponent(s))}`]);
}

export function generatePayloads(): Payload[] {
  const seen = new Set<string>();
  const out: Payload[] = [];
  const f = { ...families(), "encoded-whole": encodedVariants() };
  for (const [family, list] of Object.entries(f)) {
    for (const payload of list) {
      if (seen.has(payload)) continue;
      seen.add(payload);
      out.push({ family, payload });
    }
  }
  return out;
}

export function renderFixture(payloads: Payload[] = generatePayloads()): string {
  const counts = new Map<string, number>();
  for (const p of payloads) counts.set(p.family, (counts.get(p.family) ?? 0) + 1);
  return [
    "# Open-redirect payloads for security.md C.25, generated by tests/e2e/hostile/redirect-payloads.ts",
    "# (our own patterns, crossed with host spellings; not copied from any other project). Do not edit:",
    "# regenerate with `node --import tsx tests/e2e/hostile/redirect-payloads.ts`.",
    `# ${payloads.length} payloads. Format: <family><TAB><payload as a JSON string>. Families: ${[...counts].map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    ...payloads.map((p) => `${p.family}\t${asciiJson(p.payload)}`),
    "",
  ].join("\n");
}

/** JSON with every non-ASCII character escaped, so the fixture is plain ASCII and each payload one line. */
function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function readFixture(path = FIXTURE): Payload[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l.length > 0 && !l.startsWith("#")).map((l) => {
    const tab = l.indexOf("\t");
    return { family: l.slice(0, tab), payload: JSON.parse(l.slice(tab + 1)) as string };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = renderFixture();
  writeFileSync(FIXTURE, text);
  console.log(`wrote ${FIXTURE}: ${text.split("\n")[3]}`);
}
