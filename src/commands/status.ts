import { runCycle } from '../cycle.js';
import type { Workspace } from '../git/types.js';
import { currentValues } from '../status/current-values.js';
import { explainStatus } from '../status/explain.js';
import { renderStatusJson, renderStatusTable } from '../status/render.js';
import { createDeps } from './deps.js';
import { configOrExit, failure, makeLogger, type CommonOptions, type Output } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/**
 * For each policy: the value in Git, the latest candidate, and why it is or is not applied. A dry-run
 * cycle (as `plan`) whose checkout is read once more before it is removed; writes nothing.
 */
export async function status(opts: CommonOptions & { json?: boolean }, io: Output): Promise<ExitCode> {
  const config = await configOrExit(opts, io);
  if (typeof config === 'number') return config;
  let ws: Workspace | undefined;
  try {
    const deps = createDeps(config, makeLogger(opts, 'warn'));
    const openWorkspace = async () => {
      ws = await deps.openWorkspace();
      return new Proxy(ws, { get: (t, p, r) => (p === 'dispose' ? async () => undefined : Reflect.get(t, p, r)) });
    };
    const report = await runCycle(config, { ...deps, openWorkspace }, { dryRun: true });
    const declared = new Set(report.policies.map((p) => p.policy));
    const rows = explainStatus(report, await currentValues(ws!.dir, config.paths, declared));
    io.out(opts.json ? renderStatusJson(rows) : renderStatusTable(rows));
    return report.problems.some((p) => p.severity === 'error') ? EXIT.problems : EXIT.ok;
  } catch (err) {
    return failure(err, io);
  } finally {
    await ws?.dispose();
  }
}
