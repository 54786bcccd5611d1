// as-pect runs the AssemblyScript unit tests of the pure core (tests/unit). It has its own asconfig
// (as-pect.asconfig.json) so that the filter's entry points and `abort=` setting stay out of it.
export default {
  entries: ["tests/unit/**/*.spec.ts"],
  include: ["tests/unit/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
