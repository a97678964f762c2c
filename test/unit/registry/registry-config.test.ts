import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagebump-registry-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(yaml: string) {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, yaml);
  const loaded = await loadConfig(file);
  return { ...loaded, lines: loaded.problems.map((p) => `${p.line}: ${p.message}`) };
}

describe('registries in the config', () => {
  it('accepts every registry setting', async () => {
    const { config, problems } = await load(`
dockerConfig: [/var/run/secrets/regcred/.dockerconfigjson]
registries:
  - host: registry.internal:5443
    caFile: /etc/imagebump/ca.pem
    certFile: /etc/imagebump/client.crt
    keyFile: /etc/imagebump/client.key
    credentials: { username: ci, password: { env: REGISTRY_PASSWORD } }
    concurrency: 2
    requestsPerSecond: 5
    burst: 10
    timeoutSeconds: 30
    retries: 4
    pageSize: 100
    maxPages: 20
  - host: 123456789012.dkr.ecr.eu-west-1.amazonaws.com
    credentialHelper: ecr-login
  - host: lab.local:5000
    insecure: true
`);
    expect(problems).toEqual([]);
    expect(config?.registries).toHaveLength(3);
    expect(config?.dockerConfig).toEqual(['/var/run/secrets/regcred/.dockerconfigjson']);
  });

  it('reports contradictions and bad values with their lines', async () => {
    const { lines } = await load(`registries:
  - host: https://ghcr.io
  - host: plain.example
    insecure: true
    caFile: /ca.pem
  - host: mtls.example
    certFile: /client.crt
  - host: both.example
    credentials: { password: { env: X } }
    credentialHelper: gcloud
  - host: dup.example
  - host: DUP.example
  - host: odd.example
    credentialHelper: ../bin/sh
    concurrency: 0
`);
    expect(lines).toEqual([
      expect.stringMatching(/^2: registries\.0\.host: must be host\[:port\]/),
      '5: registries.1.caFile: has no effect with insecure: true (plain HTTP has no TLS)',
      '7: registries.2.certFile: certFile and keyFile go together',
      '10: registries.3.credentialHelper: set either credentials or credentialHelper, not both',
      expect.stringMatching(/^14: registries\.6\.credentialHelper: must be the helper name/),
      expect.stringMatching(/^15: registries\.6\.concurrency: /),
      '12: registries.5.host: DUP.example is listed twice',
    ]);
  });
});
