import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../../../src/daemon/webhooks/auth.js';
import { handleDelivery } from '../../../../src/daemon/webhooks/handle.js';
import { distributionSource } from '../../../../src/daemon/webhooks/sources/distribution.js';
import { dockerhubSource } from '../../../../src/daemon/webhooks/sources/dockerhub.js';
import { genericSource } from '../../../../src/daemon/webhooks/sources/generic.js';
import { githubSource } from '../../../../src/daemon/webhooks/sources/github.js';
import { gitlabSource } from '../../../../src/daemon/webhooks/sources/gitlab.js';
import { harborSource } from '../../../../src/daemon/webhooks/sources/harbor.js';
import { quaySource } from '../../../../src/daemon/webhooks/sources/quay.js';
import type { Delivery, SourceName, WebhookSource } from '../../../../src/daemon/webhooks/types.js';
import { distributionEnvelope, dockerhubPush, githubPackage, githubRegistryPackage, gitlabPipeline, harborPush, quayPush } from './payloads.js';

const SECRET = 'It’s a Secret to Everybody';

function delivery(body: unknown, headers: Record<string, string> = {}, pathSecret?: string): Delivery {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { body: bytes, headers, pathSecret };
}

function handle(source: WebhookSource, d: Delivery) {
  return handleDelivery(new Map<SourceName, WebhookSource>([[source.name, source]]), source.name, d);
}

describe('github', () => {
  const source = githubSource(SECRET);
  const signed = (payload: unknown, event: string) => {
    const d = delivery(payload, { 'x-github-event': event });
    return { ...d, headers: { ...d.headers, 'x-hub-signature-256': hmacSha256(d.body, SECRET) } };
  };

  it('verifies GitHub’s documented signature example', () => {
    // From GitHub's "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!".
    expect(hmacSha256(Buffer.from('Hello, World!'), "It's a Secret to Everybody")).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('reads a registry_package event as a push of ghcr.io/<owner>/<name>, lowercased', () => {
    const r = handle(source, signed(githubRegistryPackage, 'registry_package'));
    expect(r).toMatchObject({ status: 202, outcome: 'accepted', images: [{ host: 'ghcr.io', repository: 'acme-corp/web', tag: '1.4.2' }] });
  });

  it('reads the newer package event, decoding nested names', () => {
    const r = handle(source, signed(githubPackage, 'package'));
    expect(r.images).toEqual([{ host: 'ghcr.io', repository: 'acme-corp/web/api', tag: 'v2.0.1' }]);
  });

  it('refuses a missing or wrong signature before parsing, and a body changed after signing', () => {
    expect(handle(source, delivery(githubRegistryPackage, { 'x-github-event': 'registry_package' }))).toMatchObject({ status: 401, message: 'missing x-hub-signature-256' });
    const d = signed(githubRegistryPackage, 'registry_package');
    expect(handle(source, { ...d, headers: { ...d.headers, 'x-hub-signature-256': hmacSha256(d.body, 'other') } }).status).toBe(401);
    expect(handle(source, { ...d, body: Buffer.concat([d.body, Buffer.from(' ')]) }).status).toBe(401);
  });

  it('ignores pings, other events, other actions and other package types', () => {
    expect(handle(source, signed({ zen: 'Keep it logically awesome.', hook_id: 1 }, 'ping'))).toMatchObject({ status: 200, outcome: 'ignored' });
    expect(handle(source, signed({}, 'push'))).toMatchObject({ status: 200, outcome: 'ignored' });
    expect(handle(source, signed({ ...githubRegistryPackage, action: 'deleted' }, 'registry_package')).outcome).toBe('ignored');
    const npm = { ...githubRegistryPackage, registry_package: { ...githubRegistryPackage.registry_package, package_type: 'npm' } };
    expect(handle(source, signed(npm, 'registry_package')).outcome).toBe('ignored');
  });

  it('answers 400 to a signed but malformed payload', () => {
    expect(handle(source, signed('not json', 'registry_package')).status).toBe(400);
    expect(handle(source, signed({ action: 'published' }, 'registry_package')).status).toBe(400);
  });
});

describe('gitlab', () => {
  const source = gitlabSource('gl-token-123', 'registry.gitlab.com');
  const headers = { 'x-gitlab-event': 'Pipeline Hook', 'x-gitlab-token': 'gl-token-123' };

  it('rescans the project images after a successful pipeline', () => {
    const r = handle(source, delivery(gitlabPipeline('success'), headers));
    expect(r).toMatchObject({ status: 202, images: [{ host: 'registry.gitlab.com', repository: 'acme/web', prefix: true }] });
  });

  it('ignores pipelines that did not succeed and other hooks', () => {
    expect(handle(source, delivery(gitlabPipeline('running'), headers)).outcome).toBe('ignored');
    expect(handle(source, delivery({ object_kind: 'push' }, { ...headers, 'x-gitlab-event': 'Push Hook' })).outcome).toBe('ignored');
  });

  it('refuses a missing or wrong X-Gitlab-Token', () => {
    expect(handle(source, delivery(gitlabPipeline('success'), { 'x-gitlab-event': 'Pipeline Hook' })).status).toBe(401);
    expect(handle(source, delivery(gitlabPipeline('success'), { ...headers, 'x-gitlab-token': 'gl-token-124' })).status).toBe(401);
  });
});

describe('harbor', () => {
  const source = harborSource('Basic aGFyYm9yOnNlY3JldA==');
  const headers = { authorization: 'Basic aGFyYm9yOnNlY3JldA==' };

  it('reads PUSH_ARTIFACT with the host from resource_url', () => {
    expect(handle(source, delivery(harborPush, headers)).images).toEqual([{ host: 'harbor.example.com', repository: 'acme/web', tag: '2.1.0' }]);
  });

  it('ignores other event types, refuses a wrong Authorization and an event without resources', () => {
    expect(handle(source, delivery({ ...harborPush, type: 'DELETE_ARTIFACT' }, headers)).outcome).toBe('ignored');
    expect(handle(source, delivery(harborPush, { authorization: 'Basic d3Jvbmc=' })).status).toBe(401);
    expect(handle(source, delivery({ ...harborPush, event_data: { ...harborPush.event_data, resources: [] } }, headers)).status).toBe(400);
  });
});

describe('quay and docker hub (secret in the URL)', () => {
  it('reads a Quay push with the host from docker_url', () => {
    const r = handle(quaySource('q-path-1'), delivery(quayPush, {}, 'q-path-1'));
    expect(r.images).toEqual([{ host: 'quay.io', repository: 'acme/web', tag: '1.4.2' }]);
  });

  it('reads a Docker Hub push as docker.io', () => {
    const r = handle(dockerhubSource('dh-path-1'), delivery(dockerhubPush, {}, 'dh-path-1'));
    expect(r.images).toEqual([{ host: 'docker.io', repository: 'acme/web', tag: '1.4.2' }]);
  });

  it('refuses a missing or wrong path secret', () => {
    expect(handle(dockerhubSource('dh-path-1'), delivery(dockerhubPush)).status).toBe(401);
    expect(handle(quaySource('q-path-1'), delivery(quayPush, {}, 'q-path-2')).status).toBe(401);
  });

  it('accepts no secret only when the source was allowed without one', () => {
    expect(handle(dockerhubSource(undefined), delivery(dockerhubPush)).status).toBe(202);
  });

  it('answers 400 to a payload without the repository', () => {
    expect(handle(dockerhubSource(undefined), delivery({ push_data: { tag: 'x' } })).status).toBe(400);
  });
});

describe('distribution', () => {
  const source = distributionSource('dist-token');
  const headers = { authorization: 'Bearer dist-token', 'content-type': 'application/vnd.docker.distribution.events.v1+json' };

  it('keeps tagged manifest pushes and skips blob pushes', () => {
    const r = handle(source, delivery(distributionEnvelope('registry.example.com:5000'), headers));
    expect(r.images).toEqual([{ host: 'registry.example.com:5000', repository: 'acme/web', tag: '1.4.2' }]);
  });

  it('ignores an envelope without a tagged push, refuses a wrong bearer token', () => {
    const blobsOnly = { events: [distributionEnvelope('r.example.com').events[0]] };
    expect(handle(source, delivery(blobsOnly, headers)).outcome).toBe('ignored');
    expect(handle(source, delivery(distributionEnvelope('r.example.com'), { authorization: 'Bearer dist-tokeN' })).status).toBe(401);
  });
});

describe('generic', () => {
  const source = genericSource('g-token', 'g-hmac');

  it('takes a bearer token or an HMAC signature', () => {
    const body = { images: ['registry.example.com/acme/web:1.4.2', 'nginx:1.25'] };
    const byToken = handle(source, delivery(body, { authorization: 'Bearer g-token' }));
    expect(byToken.images).toEqual([
      { host: 'registry.example.com', repository: 'acme/web', tag: '1.4.2' },
      { host: 'docker.io', repository: 'nginx', tag: '1.25' },
    ]);
    const d = delivery({ image: 'ghcr.io/acme/web' });
    const signed = handle(source, { ...d, headers: { 'x-imagebump-signature-256': hmacSha256(d.body, 'g-hmac') } });
    expect(signed.images).toEqual([{ host: 'ghcr.io', repository: 'acme/web' }]);
  });

  it('refuses junk references and too many images', () => {
    const headers = { authorization: 'Bearer g-token' };
    expect(handle(source, delivery({ images: ['not a reference'] }, headers)).status).toBe(400);
    expect(handle(source, delivery({ images: Array.from({ length: 101 }, (_, i) => `r.example.com/a/b${i}`) }, headers)).status).toBe(400);
  });
});

describe('routing', () => {
  it('answers 404 for a source the config does not declare, or a path segment a source does not use', () => {
    const sources = new Map<SourceName, WebhookSource>([['generic', genericSource('t', undefined)]]);
    expect(handleDelivery(sources, 'quay', delivery({})).status).toBe(404);
    expect(handleDelivery(sources, 'nonsense', delivery({})).status).toBe(404);
    expect(handleDelivery(sources, 'generic', delivery({}, {}, 'extra')).status).toBe(404);
  });
});
