/** The variables `yaml` reads while it parses: its Parser for every token, its Composer for every document. */
const YAML_SWITCHES = ['LOG_TOKENS', 'LOG_STREAM'] as const;

/**
 * Runs one synchronous `yaml` parse with the library's two debug switches as plain properties.
 * `yaml`'s Parser checks `process.env.LOG_TOKENS` for every token, and `process.env` is a C++
 * interceptor that calls getenv under a lock (~250 ns a read, against ~10 ns for a property): a fifth
 * of all parse time on typical manifests. For the length of `parse`, `process.env` is an object that
 * holds those two names with the values they have now and inherits everything else from the real
 * environment, so every other read still sees it live. `parse` is synchronous, so no other code can
 * observe the swap, and the real object is back before this returns, whatever `parse` does.
 */
export function withYamlEnv<T>(parse: () => T): T {
  if (typeof process === 'undefined') return parse();
  const real = process.env;
  const fixed: PropertyDescriptorMap = {};
  for (const name of YAML_SWITCHES) fixed[name] = { value: real[name], writable: true, enumerable: true, configurable: true };
  process.env = Object.create(real, fixed) as NodeJS.ProcessEnv;
  try {
    return parse();
  } finally {
    process.env = real;
  }
}
