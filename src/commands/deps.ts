import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolveSecret } from '../config/secret.js';
import type { Config } from '../config/types.js';
import type { CycleDeps } from '../cycle.js';
import { keptCloneDir, keptWorkspace } from '../daemon/workspace.js';
import { forgeFromConfig } from '../forge/index.js';
import { cloneWorkspace } from '../git/index.js';
import { resolveSigning } from '../git/signing.js';
import type { GitAuth } from '../git/types.js';
import type { Logger } from '../log/logger.js';
import { registerCredentials } from '../log/redact.js';
import { sweepLeftovers } from '../workdir/sweep.js';
import { createTempCheckout } from '../workdir/temp-checkout.js';
import { registryClientFromConfig } from './registry-client.js';

/** Wires the real adapters from a validated config. Secrets are resolved (and registered for redaction) here. */
export function createDeps(config: Config, log: Logger, opts: { keepClone?: boolean } = {}): CycleDeps {
  const registry = registryClientFromConfig(config);
  const repo = config.repo;
  const gitAuth: GitAuth | undefined = repo?.credentials ? resolveCredentials(repo.credentials, 'x-access-token') : undefined;
  if (repo?.write === 'pull-request' && !config.forge) throw new Error('repo.write is pull-request: set forge (type, token) in the config');
  let swept: Promise<void> | undefined;
  return {
    registry,
    log,
    forge: forgeFromConfig(config),
    signing: resolveSigning(config.commit.signing),
    openWorkspace: async () => {
      if (!repo) throw new Error('no repository: set repo.url in the config or pass --repo');
      const base = config.workdir ?? tmpdir();
      await mkdir(base, { recursive: true });
      // Once per process: checkouts that killed runs left here are removed before this one is made.
      await (swept ??= sweepLeftovers(base, log));
      const clone = { url: repo.url, branch: repo.branch, pushBranch: repo.pushBranch, auth: gitAuth, depth: repo.depth, timeoutSeconds: repo.timeoutSeconds };
      // The daemon keeps one clone and fetches into it; one-shot commands clone into a temp dir.
      if (opts.keepClone) return keptWorkspace({ ...clone, dir: keptCloneDir(base, repo.url, repo.branch) });
      const temp = await createTempCheckout(base);
      try {
        const ws = await cloneWorkspace({ ...clone, dir: temp.checkout });
        return { ...ws, dispose: temp.remove };
      } catch (err) {
        await temp.remove();
        throw err;
      }
    },
  };
}

function resolveCredentials(
  c: NonNullable<Config['repo']>['credentials'] & object,
  defaultUser: string,
): { username: string; password: string } {
  const password = resolveSecret(c.password);
  const username = c.username === undefined ? defaultUser : resolveSecret(c.username);
  registerCredentials(username, password);
  return { username, password };
}
