import { describe, expect, it } from 'vitest';
import { createForge, defaultApiBase, projectFromUrl } from '../../../src/forge/index.js';

describe('forge defaults from repo.url', () => {
  it.each([
    ['https://github.com/acme/env.git', 'acme/env'],
    ['git@github.com:acme/env.git', 'acme/env'],
    ['ssh://git@gitlab.example/group/sub/env.git', 'group/sub/env'],
    ['https://gitea.example/acme/env', 'acme/env'],
    ['/srv/git/env.git', undefined],
  ])('%s → project %s', (url, project) => {
    expect(projectFromUrl(url)).toBe(project);
  });

  it.each([
    ['github', 'https://github.com/acme/env.git', 'https://api.github.com'],
    ['github', 'https://ghe.acme.example/acme/env.git', 'https://ghe.acme.example/api/v3'],
    ['github', 'git@github.com:acme/env.git', 'https://api.github.com'],
    ['gitlab', 'https://gitlab.acme.example/g/env.git', 'https://gitlab.acme.example/api/v4'],
    ['gitlab', 'git@gitlab.com:g/env.git', 'https://gitlab.com/api/v4'],
    ['gitea', 'https://codeberg.org/acme/env.git', 'https://codeberg.org/api/v1'],
    ['gitea', 'git@codeberg.org:acme/env.git', undefined],
  ] as const)('%s at %s → API %s', (kind, url, base) => {
    expect(defaultApiBase(kind, url)).toBe(base);
  });

  it('asks for what it cannot derive', () => {
    expect(() => createForge({ type: 'gitea', token: { env: 'X' } }, 'git@codeberg.org:acme/env.git', 't')).toThrow(/forge\.url/);
    expect(() => createForge({ type: 'github', token: { env: 'X' } }, '/srv/env.git', 't')).toThrow(/forge\.project/);
  });
});
