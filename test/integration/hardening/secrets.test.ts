import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliRun } from '../../helpers/cli.js';
import { pushImage } from '../../helpers/push-image.js';
import { request, waitFor, type HttpAnswer } from '../daemon/daemon-process.js';
import { buildCli } from './crash-cli-build.js';
import { startCli } from './crash-process.js';
import { CANARY, ENV, everyFile, everyObject, leakForms, REGISTRY_USER, secretsWorld, type SecretsWorld } from './secrets-setup.js';

// Full cycles with canary secrets of every kind, with debug logging and DEBUG=* (simple-git's debug
// output prints each git child's environment): then every byte imagebump printed, served, pushed or
// sent to the forge is searched for every form of every secret.

let world: SecretsWorld;
let cliJs: string;
const printed: Record<string, CliRun> = {};
let served = '';

beforeAll(async () => {
  world = await secretsWorld();
  cliJs = await buildCli(join(world.work, 'build'));
}, 60_000);

afterAll(async () => {
  await world?.cleanup();
});

/** The compiled CLI in a process of its own, with debug logging and every canary in its environment. */
const cli = async (name: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const run = startCli(cliJs, [...args, '--log-level', 'debug'], { ...ENV, ...env });
  const stdout: string[] = [];
  run.child.stdout!.on('data', (d: Buffer) => stdout.push(d.toString()));
  const code = await run.exited;
  printed[name] = { code, stdout: stdout.join(''), stderr: run.output() };
  return printed[name];
};

function expectNoLeak(text: string, where: string): void {
  for (const form of leakForms()) {
    if (text.includes(form)) throw new Error(`${where} contains a secret (${form.slice(0, 12)}…):\n${excerpt(text, form)}`);
  }
}

function excerpt(text: string, form: string): string {
  const at = text.indexOf(form);
  return text.slice(Math.max(0, at - 300), at + form.length + 100);
}

describe('no secret leaves the process', () => {
  it('check, plan, plan --json, status and status --json read through every credential', async () => {
    const { commit } = world.configs;
    const runs = await Promise.all([
      cli('check', ['check', '--config', commit]),
      cli('plan', ['plan', '--config', commit]),
      cli('plan --json', ['plan', '--json', '--config', commit]),
      cli('status', ['status', '--config', commit]),
      cli('status --json', ['status', '--json', '--config', commit]),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(printed.plan!.stdout).toContain('acme/web:1.1.0');
    expect(printed.plan!.stdout).toContain('acme/api:200');
    // Not vacuous: git ran with debug output on, environment and all.
    expect(printed.plan!.stderr).toMatch(/simple-git/);
    expect(printed.plan!.stderr).toMatch(/variables, not shown/);
  });

  it('once in commit mode pushes with the git token; once with a wrong token fails without printing it', async () => {
    const ok = await cli('once', ['once', '--config', world.configs.commit]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await world.commitRemote.readFile('main', 'apps/web.yaml')).toContain('acme/web:1.1.0');
    const wrong = await cli('once wrong token', ['once', '--config', world.configs.commit], { T_GIT_TOKEN: CANARY.wrongGitToken });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/git authentication failed/);
  });

  it('once in pull-request mode opens a pull request through the forge with its token', async () => {
    const run = await cli('once pr', ['once', '--config', world.configs.pr]);
    expect(run.code, run.stderr).toBe(0);
    expect(world.forge.state.pulls).toHaveLength(1);
    expect(world.forge.state.pulls[0]!.body).toContain('acme/web');
    expect(world.forge.violations).toEqual([]);
  });

  it('run serves probes, metrics and webhooks of every kind, and turns a push into a commit', async () => {
    await pushImage(world.basic.url, 'acme/web', '1.2.0', { auth: { username: REGISTRY_USER, password: CANARY.registryPassword } });
    const daemon = startCli(cliJs, ['run', '--config', world.configs.daemon, '--log-level', 'debug'], ENV);
    try {
      await waitFor(async () => /"msg":"cycle finished"/.test(daemon.output()), 40_000);
      const base = `http://${/"address":"([^"]+)"/.exec(daemon.output())![1]}`;
      for (const [status, delivery] of await deliveries(base)) expect(delivery.status, delivery.body).toBe(status);
      await waitFor(async () => (await world.commitRemote.readFile('main', 'apps/web.yaml')).includes('acme/web:1.2.0'), 30_000);
      for (const path of ['/metrics', '/healthz', '/readyz']) served += (await request(`${base}${path}`)).body;
      expect(served).toMatch(/imagebump_webhook_deliveries_total\{source="generic",outcome="accepted"\} 1/);
    } finally {
      daemon.child.kill('SIGTERM');
      expect(await daemon.exited).toBe(0);
      printed.run = { code: 0, stdout: '', stderr: daemon.output() };
    }
  });

  it('nothing printed, served, pushed, proposed or left on disk holds any form of any secret', async () => {
    expect(Object.keys(printed).sort()).toEqual(['check', 'once', 'once pr', 'once wrong token', 'plan', 'plan --json', 'run', 'status', 'status --json']);
    for (const [name, run] of Object.entries(printed)) expectNoLeak(run.stdout + run.stderr, `imagebump ${name}`);
    expectNoLeak(served, '/metrics, /healthz, /readyz');
    expectNoLeak(await everyObject(world.commitRemote.dir), 'the commit remote');
    expectNoLeak(await everyObject(world.prRemote.dir), 'the pull-request remote');
    expectNoLeak(JSON.stringify({ requests: world.forge.requests, pulls: world.forge.state.pulls }), 'what the forge received');
    expectNoLeak(await everyFile(join(world.work, 'wd')), 'the daemon\'s kept clone');
  });
});

/** One delivery per source and credential kind, right and wrong: [expected status, answer]. */
async function deliveries(base: string) {
  const json = (o: unknown) => JSON.stringify(o);
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    request(`${base}/webhooks/${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const sign = (body: string, key: string) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
  const generic = json({ images: [`${world.basic.host}/acme/web:1.2.0`] });
  const ping = json({ zen: 'Keep it logically awesome.', hook_id: 1 });
  const distribution = json({ events: [] });
  const hub = json({ push_data: { tag: '1' }, repository: { repo_name: 'acme/other' } });
  const cases: Array<[number, Promise<HttpAnswer>]> = [
    [401, post('generic', generic, { 'x-imagebump-signature-256': sign(generic, 'not-the-key') })],
    [401, post('distribution', distribution, { authorization: 'Bearer not-the-token' })],
    [200, post('distribution', distribution, { authorization: `Bearer ${CANARY.hookToken}` })],
    [200, post('github', ping, { 'x-github-event': 'ping', 'x-hub-signature-256': sign(ping, CANARY.githubHmacKey) })],
    [401, post('dockerhub/not-the-path', hub)],
    [200, post(`dockerhub/${CANARY.hubPath}`, hub)],
    [202, post('generic', generic, { 'x-imagebump-signature-256': sign(generic, CANARY.hookHmacKey) })],
  ];
  return Promise.all(cases.map(async ([status, answer]) => [status, await answer] as const));
}
