import { runCycle } from '../cycle.js';
import { fileDiff, renderPlanJson, renderPlanText } from '../report/plan.js';
import { createDeps } from './deps.js';
import { configOrExit, failure, makeLogger, type CommonOptions, type Output } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** A full cycle that writes nothing: prints the diff it would commit, or JSON with `--json`. */
export async function plan(opts: CommonOptions & { json?: boolean }, io: Output): Promise<ExitCode> {
  const config = await configOrExit(opts, io);
  if (typeof config === 'number') return config;
  try {
    // The text output shows each file's diff, made as the file is rewritten; JSON has none.
    const report = await runCycle(config, createDeps(config, makeLogger(opts, 'warn')), { dryRun: true, ...(opts.json ? {} : { diff: fileDiff }) });
    const body = { changes: report.changes, problems: report.problems, policies: report.policies, ...(report.found?.length ? { found: report.found } : {}) };
    io.out(opts.json ? renderPlanJson(body) : renderPlanText(report.edits, body));
    return report.problems.some((p) => p.severity === 'error') ? EXIT.problems : EXIT.ok;
  } catch (err) {
    return failure(err, io);
  }
}
