import { z } from 'zod';
import { anyOf, checkSignature } from '../auth.js';
import { hostOf, pushed, readJson } from '../payload.js';
import { BadPayload, type Delivery, type Parsed, type WebhookSource } from '../types.js';

const packageSchema = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().optional(),
  package_type: z.string(),
  owner: z.looseObject({ login: z.string() }).nullish(),
  package_version: z
    .looseObject({
      package_url: z.string().nullish(),
      container_metadata: z.looseObject({ tag: z.looseObject({ name: z.string().nullish() }).nullish() }).nullish(),
    })
    .nullish(),
});

const eventSchema = z.looseObject({
  action: z.string(),
  registry_package: packageSchema.optional(),
  package: packageSchema.optional(),
});

/** GitHub Packages: `registry_package` (and the newer `package`) events, signed with X-Hub-Signature-256. */
export function githubSource(secret: string | undefined): WebhookSource {
  return {
    name: 'github',
    pathSecret: false,
    authenticate: (d) => anyOf(d, [secret === undefined ? undefined : (x) => checkSignature(x, 'x-hub-signature-256', secret)]),
    parse,
  };
}

function parse(d: Delivery): Parsed {
  const event = d.headers['x-github-event'];
  if (event === 'ping') return { kind: 'ignored', reason: 'ping' };
  if (event !== 'registry_package' && event !== 'package') return { kind: 'ignored', reason: `event ${JSON.stringify(event ?? '')} is not a package event` };
  const body = readJson(d.body, eventSchema, 'github');
  const pkg = event === 'registry_package' ? body.registry_package : body.package;
  if (!pkg) throw new BadPayload(`github: ${event} event without ${event === 'registry_package' ? 'registry_package' : 'package'}`);
  if (body.action !== 'published' && body.action !== 'updated') return { kind: 'ignored', reason: `action ${body.action}` };
  if (!/^(container|docker)$/i.test(pkg.package_type)) return { kind: 'ignored', reason: `package type ${pkg.package_type}` };
  const owner = pkg.namespace ?? pkg.owner?.login;
  if (!owner) throw new BadPayload('github: the package has neither namespace nor owner');
  const version = pkg.package_version;
  const host = hostOf(version?.package_url ?? undefined) ?? 'ghcr.io';
  // Names of nested packages arrive URL-encoded (`app%2Fapi` for ghcr.io/acme/app/api).
  const repository = `${owner}/${decoded(pkg.name)}`;
  return { kind: 'push', images: [pushed(host, repository, version?.container_metadata?.tag?.name ?? undefined, 'github')] };
}

function decoded(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    throw new BadPayload('github: the package name is not valid URL encoding');
  }
}
