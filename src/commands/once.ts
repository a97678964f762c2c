import { runCycle, type CycleReport } from '../cycle.js';
import { changeLine } from '../report/commit-message.js';
import { problemLine } from '../report/plan.js';
import { createDeps } from './deps.js';
import { configOrExit, failure, makeLogger, type CommonOptions, type Output } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** One cycle that commits and pushes. */
export async function once(opts: CommonOptions, io: Output): Promise<ExitCode> {
  const config = await configOrExit(opts, io);
  if (typeof config === 'number') return config;
  try {
    const report = await runCycle(config, createDeps(config, makeLogger(opts, 'warn')), { dryRun: false });
    io.out(renderOnce(report));
    return report.problems.some((p) => p.severity === 'error') ? EXIT.problems : EXIT.ok;
  } catch (err) {
    return failure(err, io);
  }
}

export function renderOnce(report: CycleReport): string {
  const lines = report.changes.map(changeLine);
  const pub = report.published;
  const prs = report.pullRequests ?? [];
  const count = prs.length ? '' : `${report.changes.length} change(s), `;
  if (pub?.pushed) lines.push(`pushed ${pub.commit} (${count}${pub.attempts} attempt(s))`);
  for (const pr of prs) lines.push(`pull request ${pr.number === undefined ? '' : `#${pr.number} `}${pr.action}: ${pr.url ?? pr.branch}`);
  if (!pub?.pushed && prs.length === 0) lines.push('nothing to commit');
  lines.push(...report.problems.map(problemLine));
  return lines.join('\n') + '\n';
}
