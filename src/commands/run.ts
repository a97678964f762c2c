import cron from 'node-cron';
import { runCycle } from '../cycle.js';
import { CycleRunner } from '../daemon/runner.js';
import { createDeps } from './deps.js';
import { configOrExit, failure, makeLogger, type CommonOptions, type Output } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface RunOptions extends CommonOptions {
  /** How long SIGTERM waits for the cycle in flight. */
  graceSeconds?: number;
}

/** Repeats cycles on the config's cron schedule until SIGTERM/SIGINT; one cycle at start. */
export async function run(opts: RunOptions, io: Output): Promise<ExitCode> {
  const config = await configOrExit(opts, io);
  if (typeof config === 'number') return config;
  if (!cron.validate(config.schedule)) {
    io.err(`${config.source}: schedule: invalid cron expression "${config.schedule}"\n`);
    return EXIT.usage;
  }
  const log = makeLogger(opts, 'info');
  let deps;
  try {
    deps = createDeps(config, log);
  } catch (err) {
    return failure(err, io);
  }
  let cycles = 0;
  const runner = new CycleRunner(async (reason) => {
    const id = ++cycles;
    const clog = log.child({ cycle: id });
    clog.info({ reason }, 'cycle started');
    try {
      const r = await runCycle(config, { ...deps, log: clog }, { dryRun: false });
      for (const p of r.problems) clog[p.severity === 'error' ? 'error' : 'warn']({ kind: p.kind, file: p.file, line: p.line }, p.message);
      clog.info({ changes: r.changes.length, commit: r.published?.commit, durationMs: r.stats.durationMs }, 'cycle finished');
    } catch (err) {
      clog.error({ err: (err as Error).message }, 'cycle failed');
    }
  });
  const task = cron.schedule(config.schedule, () => void runner.trigger('schedule'), { name: 'imagebump' });
  runner.trigger('start');
  const signal = await new Promise<NodeJS.Signals>((ok) => {
    process.once('SIGTERM', () => ok('SIGTERM'));
    process.once('SIGINT', () => ok('SIGINT'));
  });
  log.info({ signal }, 'stopping');
  await task.stop();
  const finished = await runner.stop((opts.graceSeconds ?? 30) * 1000);
  log.info({ finished }, finished ? 'stopped' : 'stopped; the cycle in flight was abandoned before pushing');
  return EXIT.ok;
}
