import type { SecretSource } from '../../../config/schema.js';
import type { WebhooksConfig } from '../../../config/schema/daemon.js';
import type { SourceName, WebhookSource } from '../types.js';
import { distributionSource } from './distribution.js';
import { dockerhubSource } from './dockerhub.js';
import { genericSource } from './generic.js';
import { githubSource } from './github.js';
import { gitlabSource } from './gitlab.js';
import { harborSource } from './harbor.js';
import { quaySource } from './quay.js';

/**
 * The sources the config declares, their secrets resolved (and so registered for redaction) once, at
 * start. A source the config does not name answers 404.
 */
export function createSources(config: WebhooksConfig, resolve: (s: SecretSource) => string): Map<SourceName, WebhookSource> {
  const secret = (s: SecretSource | undefined) => (s === undefined ? undefined : resolve(s));
  const out = new Map<SourceName, WebhookSource>();
  const add = (source: WebhookSource) => out.set(source.name, source);
  if (config.github) add(githubSource(secret(config.github.secret)));
  if (config.gitlab) add(gitlabSource(secret(config.gitlab.token), config.gitlab.registry));
  if (config.harbor) add(harborSource(secret(config.harbor.token)));
  if (config.quay) add(quaySource(secret(config.quay.pathSecret)));
  if (config.dockerhub) add(dockerhubSource(secret(config.dockerhub.pathSecret)));
  if (config.distribution) add(distributionSource(secret(config.distribution.token)));
  if (config.generic) add(genericSource(secret(config.generic.token), secret(config.generic.secret)));
  return out;
}
