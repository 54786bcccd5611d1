// Joining strings in time linear in the result. AssemblyScript's Array<string>#join takes a
// general path whenever the module is built with shrinkLevel >= 1 (our release build): it appends
// each part to a growing string, which copies the whole prefix every time. Percent-encoding a
// callback's 7 KB code that way copied hundreds of MiB inside one request.

/** parts[0] + sep + parts[1] + ... in one allocation. */
export function joinStrings(parts: Array<string>, sep: string = ""): string {
  const n = parts.length;
  if (n == 0) return "";
  if (n == 1) return unchecked(parts[0]);
  const sepBytes = <usize>sep.length << 1;
  let total: usize = sepBytes * <usize>(n - 1);
  for (let i = 0; i < n; i++) total += <usize>unchecked(parts[i]).length << 1;
  const out = __new(total, idof<string>());
  let at = out;
  for (let i = 0; i < n; i++) {
    if (i > 0 && sepBytes > 0) {
      memory.copy(at, changetype<usize>(sep), sepBytes);
      at += sepBytes;
    }
    const part = unchecked(parts[i]);
    const bytes = <usize>part.length << 1;
    memory.copy(at, changetype<usize>(part), bytes);
    at += bytes;
  }
  return changetype<string>(out);
}
