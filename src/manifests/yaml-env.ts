/**
 * Runs one synchronous `yaml` parse with the library's debug switches read once instead of per token.
 * `yaml`'s Parser checks `process.env.LOG_TOKENS` for every token, and `process.env` is a C++
 * interceptor that calls getenv under a lock (~300 ns a read): about half of all parse time on typical
 * manifests. For the length of `parse`, `process.env` is a plain-object copy of itself (same names, same
 * values), which V8 reads inline. `parse` is synchronous, so no other code can observe the swap, and
 * the real object is back before this returns, whatever `parse` does.
 */
export function withYamlEnv<T>(parse: () => T): T {
  if (typeof process === 'undefined') return parse();
  const real = process.env;
  // A plain copy, not a proxy: V8 reads a plain object's properties inline, a proxy's through a trap.
  process.env = Object.assign(Object.create(null) as NodeJS.ProcessEnv, real);
  try {
    return parse();
  } finally {
    process.env = real;
  }
}
