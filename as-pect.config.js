// as-pect runs the AssemblyScript unit tests of the pure core (tests/unit). It has its own asconfig
// (as-pect.asconfig.json) so that the filter's entry points and `abort=` setting stay out of it.
// ASP_ENTRIES="tests/unit/json/*.spec.ts,tests/unit/flow/*.spec.ts" runs only those files (as-pect
// 8.1.0's own --disclude flag is ignored because of a typo in the CLI).
const entries = process.env.ASP_ENTRIES ? process.env.ASP_ENTRIES.split(",") : ["tests/unit/**/*.spec.ts"];

export default {
  entries,
  include: ["tests/unit/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
