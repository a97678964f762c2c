import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/manifests/types.js';
import { renderPullRequest } from '../../../src/report/pr-body.js';

const change = (over: Partial<Change> = {}): Change =>
  ({ file: 'apps/web.yaml', line: 9, policy: 'apps:web', part: 'whole', image: 'ghcr.io/acme/web', from: 'ghcr.io/acme/web:1.0.0', to: 'ghcr.io/acme/web:1.2.0', rule: 'marker', ...over }) as Change;
const ctx = (provenance: Record<string, object> = {}) => ({
  target: 'main',
  branch: 'imagebump/main/all',
  group: 'all',
  provenance: new Map(Object.entries(provenance)),
});

describe('pull request title and body', () => {
  it('default: a conventional title and a table of changes', () => {
    const { title, body } = renderPullRequest([change(), change({ file: 'apps/values.yaml', line: 2, part: 'tag', from: '1.0.0', to: '1.2.0' })], ctx());
    expect(title).toBe('chore(images): update apps:web to 1.2.0 in 2 files');
    expect(body).toContain('imagebump updates 2 image references on `main`.');
    expect(body).toContain('| apps:web | ghcr.io/acme/web | apps/web.yaml:9 | `1.0.0` → `1.2.0` |');
    expect(body).toContain('| apps:web | ghcr.io/acme/web | apps/values.yaml:2 | `1.0.0` → `1.2.0` |');
    expect(body).not.toContain('Sources');
  });

  it('links the source, the revision, and the compare view when both revisions are known', () => {
    const { body } = renderPullRequest([change()], ctx({ 'apps:web': { source: 'https://github.com/acme/web.git', revision: 'c0ffee12345678', fromRevision: 'beef0001' } }));
    expect(body).toContain(
      '- apps:web: [github.com/acme/web](https://github.com/acme/web) · commit [c0ffee123456](https://github.com/acme/web/commit/c0ffee12345678) · [compare 1.0.0 → 1.2.0](https://github.com/acme/web/compare/beef0001...c0ffee12345678)',
    );
  });

  it('uses GitLab\'s URL layout for GitLab sources, and drops links that are not http(s)', () => {
    const gitlab = renderPullRequest([change()], ctx({ 'apps:web': { source: 'https://gitlab.com/acme/web', revision: 'abcdef12' } })).body;
    expect(gitlab).toContain('(https://gitlab.com/acme/web/-/commit/abcdef12)');
    const odd = renderPullRequest([change()], ctx({ 'apps:web': { source: 'javascript:alert(1)', revision: 'abcdef12' } })).body;
    expect(odd).not.toContain('javascript');
  });

  it('keeps table rows intact when a value holds a pipe', () => {
    const { body } = renderPullRequest([change({ file: 'apps/a|b.yaml' })], ctx());
    expect(body).toContain('apps/a\\|b.yaml:9');
  });

  it('renders configured templates with the change records', () => {
    const { title, body } = renderPullRequest([change()], ctx(), {
      title: 'deps({{group}}): {{count}} image(s) for {{target}}',
      body: '{{#each records}}{{name}} {{fromTag}}->{{toTag}}{{/each}} on {{branch}}',
    });
    expect(title).toBe('deps(all): 1 image(s) for main');
    expect(body).toBe('apps:web 1.0.0->1.2.0 on imagebump/main/all');
  });
});
