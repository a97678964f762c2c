import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/manifests/types.js';
import { forgeHostsOf, renderPullRequest, type ForgeHosts, type Provenance } from '../../../src/report/pr-body.js';

const OLD = 'aaaa1111';
const NEW = 'bbbb2222';
const change = (over: Partial<Change> = {}): Change =>
  ({ file: 'apps/web.yaml', line: 9, policy: 'apps:web', part: 'whole', image: 'r.example/web', from: 'r.example/web:1.0.0', to: 'r.example/web:1.2.0', rule: 'marker', ...over }) as Change;

function sources(p: Provenance, changes: Change[] = [change()], forge?: ForgeHosts): string {
  const body = renderPullRequest(changes, { target: 'main', branch: 'b', group: 'all', provenance: new Map([['apps:web', p]]), forge }).body;
  return body.split('\n').find((l) => l.startsWith('- apps:web: ')) ?? '';
}

const known = (source: string, fromRevisions: Record<string, string> = { '1.0.0': OLD }): Provenance =>
  ({ source, revision: NEW, fromRevisions: new Map(Object.entries(fromRevisions)) });

describe('compare links by source host', () => {
  it.each([
    ['https://github.com/acme/web', `https://github.com/acme/web/compare/${OLD}...${NEW}`],
    ['https://github.acme.example/acme/web', `https://github.acme.example/acme/web/compare/${OLD}...${NEW}`],
    ['https://gitlab.com/acme/web.git', `https://gitlab.com/acme/web/-/compare/${OLD}...${NEW}`],
    ['https://codeberg.org/acme/web', `https://codeberg.org/acme/web/compare/${OLD}...${NEW}`],
    ['https://gitea.acme.example/acme/web', `https://gitea.acme.example/acme/web/compare/${OLD}...${NEW}`],
  ])('%s', (source, url) => {
    expect(sources(known(source))).toContain(`[compare 1.0.0 → 1.2.0](${url})`);
  });

  it('gives other hosts the commit link only', () => {
    for (const source of ['https://bitbucket.org/acme/web', 'https://acme.github.io/web', 'https://git.acme.example/acme/web']) {
      const line = sources(known(source));
      expect(line).toContain(`commit [${NEW}](${source}/commit/${NEW})`);
      expect(line).not.toContain('compare');
    }
  });

  it('knows the configured forge\'s own hosts, from forge.url and repo.url', () => {
    const gitea = forgeHostsOf({ forge: { type: 'gitea', url: 'https://git.acme.example/api/v1' }, repo: { url: 'git@ssh.acme.example:ops/env.git' } });
    expect(gitea).toEqual({ kind: 'gitea', hosts: ['git.acme.example', 'ssh.acme.example'] });
    expect(sources(known('https://git.acme.example/acme/web'), [change()], gitea)).toContain(`(https://git.acme.example/acme/web/compare/${OLD}...${NEW})`);
    const gitlab = forgeHostsOf({ forge: { type: 'gitlab' }, repo: { url: 'https://code.acme.example/ops/env.git' } });
    expect(sources(known('https://code.acme.example/acme/web'), [change()], gitlab)).toContain(
      `commit [${NEW}](https://code.acme.example/acme/web/-/commit/${NEW}) · [compare 1.0.0 → 1.2.0](https://code.acme.example/acme/web/-/compare/${OLD}...${NEW})`,
    );
    expect(forgeHostsOf({})).toBeUndefined();
  });
});

describe('which revisions are compared', () => {
  it('links each replaced revision once, labelled by a tag rather than a digest', () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    const changes = [
      change({ part: 'digest', from: digest, to: `sha256:${'e'.repeat(64)}` }),
      change({ file: 'apps/a.yaml', part: 'tag', from: '1.0.0', to: '1.2.0' }),
      change({ file: 'apps/b.yaml', part: 'tag', from: '1.1.0', to: '1.2.0' }),
    ];
    const line = sources(known('https://github.com/acme/web', { [digest]: OLD, '1.0.0': OLD, '1.1.0': 'cccc3333' }), changes);
    expect(line.match(/\[compare [^\]]+\]/g)).toEqual(['[compare 1.0.0 → 1.2.0]', '[compare 1.1.0 → 1.2.0]']);
    expect(line).toContain(`/compare/cccc3333...${NEW})`);
  });

  it('links no compare view when the old revision is unknown, the same, or not a revision', () => {
    for (const fromRevisions of [{}, { '1.0.0': NEW }, { '1.0.0': 'x y](javascript:' }] as Record<string, string>[]) {
      expect(sources(known('https://github.com/acme/web', fromRevisions))).not.toContain('compare');
    }
  });
});
