// Shared by the generators in scripts/wycheproof/: kept outside scripts/gen-wycheproof.ts so a
// generator can import it without waiting on the runner's top-level await.

/** The spec written in place of a family's vectors when ../shared/wycheproof is missing. */
export function skippedSpec(family: string): string {
  return `describe(${JSON.stringify(`wycheproof ${family}`)}, () => {
  it("SKIPPED: ../shared/wycheproof is not present in this checkout", () => {
    log<string>("wycheproof vectors for ${family} skipped: folder absent");
  });
});
`;
}
