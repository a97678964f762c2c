import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cfg-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(text: string, overrides = {}) {
  const file = join(dir, `c${Math.random()}.yaml`);
  await writeFile(file, text);
  return { file, ...(await loadConfig(file, overrides)) };
}

describe('loadConfig', () => {
  it('fills defaults and applies flag overrides', async () => {
    const { config, problems } = await load('repo:\n  url: /tmp/x.git\n', { branch: 'prod', policies: '/abs/policies' });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      repo: { url: '/tmp/x.git', branch: 'prod', depth: 1 },
      policies: ['/abs/policies'],
      paths: ['.'],
      commit: { author: { name: 'imagebump' }, maxAttempts: 5 },
    });
  });

  it('names the file, line and key of every problem', async () => {
    const { file, config, problems } = await load('repo:\n  url: /x\n  brnach: main\ncommit:\n  maxAttempts: "5"\n');
    expect(config).toBeUndefined();
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).sort()).toEqual([
      `${file}:3: repo.brnach: unknown field "brnach"`,
      expect.stringMatching(new RegExp(`^${file}:5: commit\\.maxAttempts: .*number`)),
    ].sort());
  });

  it('refuses an inline secret: credentials take env or file', async () => {
    const { problems } = await load('registries:\n  - host: ghcr.io\n    credentials:\n      password: hunter22\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(4);
    expect(problems[0]?.message).not.toContain('hunter22');
  });

  it('reports a missing config file', async () => {
    const { problems } = await loadConfig(join(dir, 'nope.yaml'));
    expect(problems[0]?.message).toMatch(/cannot read config: ENOENT/);
  });
});
