// Ed25519 constants for ed25519.ts, edwards.ts and ed25519_table.ts, and a table entry for the tests.
const p = 2n ** 255n - 19n;
const mod = (a, m = p) => ((a % m) + m) % m;
const pow = (b, e, m = p) => { let r = 1n; b = mod(b, m); while (e > 0n) { if (e & 1n) r = r * b % m; b = b * b % m; e >>= 1n; } return r; };
const inv = (a) => pow(a, p - 2n);
const d = mod(-121665n * inv(121666n));
const sqrtm1 = pow(2n, (p - 1n) / 4n);
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const words = (x, n = 8) => [...Array(n)].map((_, i) => "0x" + ((x >> BigInt(32 * i)) & 0xffffffffn).toString(16).padStart(8, "0"));
// base point: y = 4/5, x even
const by = mod(4n * inv(5n));
const xx = mod((by * by - 1n) * inv(d * by * by + 1n));
let bx = pow(xx, (p + 3n) / 8n);
if (mod(bx * bx - xx) !== 0n) bx = mod(bx * sqrtm1);
if (bx & 1n) bx = p - bx;
// affine twisted Edwards addition a = -1
const add = ([x1, y1], [x2, y2]) => { const t = d * x1 * x2 * y1 * y2; return [mod((x1 * y2 + y1 * x2) * inv(1n + t)), mod((y1 * y2 + x1 * x2) * inv(1n - t))]; };
const onCurve = ([x, y]) => mod(-x * x + y * y - 1n - d * x * x * y * y) === 0n;
if (!onCurve([bx, by])) throw new Error("B");
// the last entry of the base-point table (built at run time, ed25519_table.ts) as the spec expects it:
// (y + x, y - x, 2d x y), each 32 bytes little-endian
const count = Number(process.argv[2] ?? 32);
const B2 = add([bx, by], [bx, by]);
const pts = [[bx, by]];
for (let i = 1; i < count; i++) pts.push(add(pts[i - 1], B2));
const le = (x) => Buffer.from(x.toString(16).padStart(64, "0"), "hex").reverse().toString("hex");
const [lx, ly] = pts[count - 1];
console.log(`${2 * count - 1}B`, le(mod(ly + lx)) + le(mod(ly - lx)) + le(mod(2n * d * lx * ly)));
const R = 2n ** 256n;
console.log("d", words(d).join(", "));
console.log("2d", words(mod(2n * d)).join(", "));
console.log("sqrtm1", words(sqrtm1).join(", "));
console.log("L", words(L).join(", "));
console.log("LR2", words(R * R % L).join(", "));
console.log("LR3", words(R * R * R % L).join(", "));
console.log("bx", words(bx).join(", "));
console.log("by", words(by).join(", "));
