import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { startGiteaFake } from '../../helpers/forge-fake/gitea.js';
import { startGitHubFake } from '../../helpers/forge-fake/github.js';
import { startGitLabFake } from '../../helpers/forge-fake/gitlab.js';
import type { ForgeFake } from '../../helpers/forge-fake/server.js';

// The checker is checked: requests that break the forge's API description are caught and refused.
let fake: ForgeFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const send = (f: ForgeFake, method: string, path: string, headers: Record<string, string>, data?: unknown) =>
  axios.request({ method, url: `${f.url}${path}`, data, headers, validateStatus: () => true });

describe('forge fakes', () => {
  it('GitHub: refuses a pull request without head, and an unknown query parameter', async () => {
    fake = await startGitHubFake();
    const auth = { authorization: `Bearer ${fake.token}` };
    const created = await send(fake, 'POST', '/repos/acme/env/pulls', auth, { title: 't', base: 'main' });
    expect(created.status).toBe(422);
    expect(fake.violations.join('\n')).toMatch(/pulls\/create\): body: must have required property 'head'/);
    await send(fake, 'GET', '/repos/acme/env/pulls?state=opened', auth);
    expect(fake.violations.join('\n')).toMatch(/query parameter state: must be equal to one of the allowed values/);
    await send(fake, 'GET', '/repos/acme/env/pulls?colour=red', auth);
    expect(fake.violations.join('\n')).toMatch(/query parameter colour is not in the description/);
    expect(fake.pull(1)).toBeUndefined();
  });

  it('GitLab: refuses labels sent as an array (the API takes a comma-separated string)', async () => {
    fake = await startGitLabFake();
    const res = await send(fake, 'POST', '/projects/acme%2Fenv/merge_requests', { 'private-token': fake.token }, {
      title: 't', source_branch: 'a', target_branch: 'main', labels: ['x'],
    });
    expect(res.status).toBe(422);
    expect(fake.violations.join('\n')).toMatch(/body\/labels: must be string/);
  });

  it('Gitea: refuses label names where ids are expected, and a path it does not describe', async () => {
    fake = await startGiteaFake();
    const auth = { authorization: `token ${fake.token}` };
    await send(fake, 'POST', '/repos/acme/env/pulls', auth, { head: 'a', base: 'main', title: 't' });
    const res = await send(fake, 'POST', '/repos/acme/env/issues/1/labels', auth, { labels: ['dependencies'] });
    expect(res.status).toBe(422);
    expect(fake.violations.join('\n')).toMatch(/body\/labels\/0: must be integer/);
    expect((await send(fake, 'DELETE', '/repos/acme/env/pulls/1', auth)).status).toBe(404);
  });

  it('counts writes and refuses a wrong token', async () => {
    fake = await startGiteaFake();
    expect((await send(fake, 'GET', '/repos/acme/env/pulls', { authorization: 'token nope' })).status).toBe(401);
    await send(fake, 'GET', '/repos/acme/env/pulls', { authorization: `token ${fake.token}` });
    expect(fake.writes()).toEqual([]);
    await send(fake, 'POST', '/repos/acme/env/pulls', { authorization: `token ${fake.token}` }, { head: 'a', base: 'main', title: 't' });
    expect(fake.writes().map((w) => w.operationId)).toEqual(['repoCreatePullRequest']);
  });
});
