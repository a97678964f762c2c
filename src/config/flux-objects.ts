import type { LocatedDocument, YamlPath } from './locate.js';
import type { ConfigProblem } from './types.js';

/** A Flux `image.toolkit.fluxcd.io` document found among the policy files. */
export interface FluxObject {
  file: string;
  located: LocatedDocument;
}

export const FLUX_GROUP = 'image.toolkit.fluxcd.io/';

export function isFluxImageObject(apiVersion: unknown, kind: unknown): boolean {
  return (kind === 'ImagePolicy' || kind === 'ImageRepository') && typeof apiVersion === 'string' && apiVersion.startsWith(FLUX_GROUP);
}

/** The spec fields imagebump reads from either kind; everything else Flux has is ignored. */
export interface FluxSpec {
  image?: unknown;
  exclusionList?: unknown;
  secretRef?: { name?: unknown };
  certSecretRef?: { name?: unknown };
  proxySecretRef?: { name?: unknown };
  serviceAccountName?: unknown;
  provider?: unknown;
  insecure?: unknown;
  suspend?: unknown;
  imageRepositoryRef?: { name?: unknown; namespace?: unknown };
  policy?: unknown;
  filterTags?: Record<string, unknown>;
  digestReflectionPolicy?: unknown;
}

type Warn = (path: YamlPath, message: string) => ConfigProblem;

/**
 * What an ImageRepository asks of the cluster that imagebump cannot take from it: Kubernetes secrets,
 * service accounts and cloud workload identity live in the cluster, not in git. Each becomes a
 * warning naming the registry whose access must be configured in imagebump instead. Secret *names*
 * are not secret; no value is ever read.
 */
export function fluxRepositoryWarnings(spec: FluxSpec, key: string, warn: Warn): ConfigProblem[] {
  const host = registryHost(spec.image);
  const where = `ImageRepository ${key}`;
  const entry = `under registries: in the imagebump config (host: ${host})`;
  const pullSecret = `mount the pull secret and list its .dockerconfigjson in dockerConfig:, or set credentials for ${host} ${entry}`;
  const out: ConfigProblem[] = [];
  if (spec.secretRef !== undefined) {
    out.push(warn(['spec', 'secretRef'], `${where}: spec.secretRef (${nameOf(spec.secretRef)}) is a cluster secret imagebump does not read; ${pullSecret}`));
  }
  if (typeof spec.serviceAccountName === 'string') {
    out.push(warn(['spec', 'serviceAccountName'], `${where}: spec.serviceAccountName (${spec.serviceAccountName}) is not used; ${pullSecret}`));
  }
  if (typeof spec.provider === 'string' && spec.provider !== 'generic') {
    const helper = HELPERS[spec.provider] ?? 'a docker credential helper';
    out.push(warn(['spec', 'provider'], `${where}: spec.provider ${spec.provider} (cloud workload identity) is not read; set credentialHelper: ${helper} ${entry}`));
  }
  if (spec.certSecretRef !== undefined) {
    out.push(warn(['spec', 'certSecretRef'], `${where}: spec.certSecretRef (${nameOf(spec.certSecretRef)}) is not read; set caFile (and certFile/keyFile for a client certificate) ${entry}`));
  }
  if (spec.proxySecretRef !== undefined) {
    out.push(warn(['spec', 'proxySecretRef'], `${where}: spec.proxySecretRef (${nameOf(spec.proxySecretRef)}) is not read; set HTTPS_PROXY / NO_PROXY for imagebump instead`));
  }
  if (spec.insecure === true) {
    out.push(warn(['spec', 'insecure'], `${where}: spec.insecure is not read; set insecure: true ${entry}`));
  }
  return out;
}

/** The docker credential helper that does what each Flux provider does. */
const HELPERS: Readonly<Record<string, string>> = { aws: 'ecr-login', gcp: 'gcloud', azure: 'acr-env' };

function nameOf(ref: { name?: unknown }): string {
  return typeof ref?.name === 'string' ? ref.name : '?';
}

/** The registry host of an image as Docker reads it; `docker.io` for Docker Hub names. */
function registryHost(image: unknown): string {
  if (typeof image !== 'string') return 'its registry';
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}
