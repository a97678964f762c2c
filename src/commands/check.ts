import { loadPolicies } from '../config/load-policies.js';
import { createDeps } from './deps.js';
import { configOrExit, failure, makeLogger, type CommonOptions, type Output } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { isAbsolute } from 'node:path';

/**
 * Validates the config and every policy; prints each problem as `FILE:LINE: message`.
 * Repo-relative policy paths need the repository, so it is cloned (read only) for them.
 */
export async function check(opts: CommonOptions, io: Output): Promise<ExitCode> {
  const config = await configOrExit(opts, io);
  if (typeof config === 'number') return config;
  const needsRepo = config.policies.some((p) => !isAbsolute(p));
  try {
    const deps = createDeps(config, makeLogger(opts, 'warn'));
    const ws = needsRepo ? await deps.openWorkspace() : undefined;
    try {
      const { policies, problems } = await loadPolicies(config.policies, ws?.dir);
      for (const p of problems) io.err(`${p.file}:${p.line}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}\n`);
      // Warnings (e.g. Flux fields imagebump does not read) are printed but do not fail the check.
      const errors = problems.filter((p) => p.severity !== 'warning').length;
      const warnings = problems.length - errors;
      io.out(`${policies.length} valid ${policies.length === 1 ? 'policy' : 'policies'}, ${errors} problem(s)${warnings ? `, ${warnings} warning(s)` : ''}\n`);
      return errors ? EXIT.problems : EXIT.ok;
    } finally {
      await ws?.dispose();
    }
  } catch (err) {
    return failure(err, io);
  }
}
