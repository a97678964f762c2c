import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import cron from 'node-cron';
import { resolveSecret } from '../config/secret.js';
import type { Config } from '../config/types.js';
import { startDaemon, type RunningDaemon } from '../daemon/daemon.js';
import { resolveShard } from '../daemon/shard.js';
import { createSources } from '../daemon/webhooks/sources/index.js';
import { keptCloneDir } from '../daemon/workspace.js';
import type { Logger } from '../log/logger.js';
import { createDeps } from './deps.js';
import { configOrExit, failure, makeLogger, type CommonOptions, type Output } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface RunOptions extends CommonOptions {
  /** How long SIGTERM waits for the cycle in flight. */
  graceSeconds?: number;
  /** Overrides `server.listen`. */
  listen?: string;
  shardCount?: number;
  shardIndex?: number;
}

/**
 * The daemon: a cycle at start, then on the cron schedule, per-policy intervals and webhook pushes,
 * never two at once, until SIGTERM/SIGINT; then the cycle in flight gets `--grace-seconds` to finish
 * (or is abandoned before it publishes) and the process exits 0.
 */
export async function run(opts: RunOptions, io: Output): Promise<ExitCode> {
  const loaded = await configOrExit(opts, io);
  if (typeof loaded === 'number') return loaded;
  const config = withListen(loaded, opts.listen);
  if (!cron.validate(config.schedule)) {
    io.err(`${config.source}: schedule: invalid cron expression "${config.schedule}"\n`);
    return EXIT.usage;
  }
  const log = makeLogger(opts, 'info');
  // Listening before anything starts: a SIGTERM during start-up is a clean stop too.
  const stopRequested = nextSignal();
  let daemon: RunningDaemon;
  try {
    const shard = resolveShard(opts.shardCount, opts.shardIndex, process.env.POD_NAME ?? process.env.HOSTNAME);
    const hooks = config.server?.webhooks;
    const sources = hooks ? createSources(hooks, (s) => resolveSecret(s)) : new Map();
    daemon = await startDaemon({ config, deps: createDeps(config, log, { keepClone: true }), log, sources, shard });
  } catch (err) {
    return failure(err, io);
  }
  const signal = await stopRequested;
  log.info({ signal }, 'stopping');
  const result = await daemon.stop((opts.graceSeconds ?? 30) * 1000);
  await removeTempClone(config, log);
  const finished = result !== 'abandoned';
  log.info({ finished }, finished ? 'stopped' : 'stopped; the cycle in flight was abandoned before pushing');
  return EXIT.ok;
}

function withListen(config: Config, listen: string | undefined): Config {
  if (listen === undefined) return config;
  return { ...config, server: { maxBodyBytes: 1024 * 1024, ...config.server, listen } };
}

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((ok) => {
    process.once('SIGTERM', () => ok('SIGTERM'));
    process.once('SIGINT', () => ok('SIGINT'));
  });
}

/** A clone kept in the system temp dir (no `workdir`) is removed; one in a chosen workdir stays for the next start. */
async function removeTempClone(config: Config, log: Logger): Promise<void> {
  if (config.workdir || !config.repo) return;
  await rm(keptCloneDir(tmpdir(), config.repo.url, config.repo.branch), { recursive: true, force: true }).catch((err: unknown) =>
    log.warn({ err: (err as Error).message }, 'could not remove the clone'),
  );
}
