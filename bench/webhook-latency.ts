/**
 * Push-to-commit latency of the webhook path: a real registry, a bare Git remote and `imagebump run`
 * as a child process. Each round pushes a new tag, posts the registry's notification and waits until
 * the remote branch holds the commit. Prints per-round times and the median / worst.
 *   npx tsx bench/webhook-latency.ts [--rounds 10] [--debounce 500ms]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { envRepoFiles } from '../test/helpers/env-repo.js';
import { createBareRemote, git } from '../test/helpers/git-repo.js';
import { pushImage } from '../test/helpers/push-image.js';
import { startRegistry } from '../test/helpers/registry.js';
import { request, startDaemonProcess } from '../test/integration/daemon/daemon-process.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, debounce: { type: 'string', default: '500ms' } } });
const rounds = Number(values.rounds);

const registry = await startRegistry();
const work = await mkdtemp(join(tmpdir(), 'imagebump-bench-hook-'));
await pushImage(registry.url, 'acme/web', '1.0.0');
await pushImage(registry.url, 'acme/api', '100');
const remote = await createBareRemote(envRepoFiles(registry.host));
const config = join(work, 'imagebump.yaml');
await writeFile(config, `repo: { url: ${JSON.stringify(remote.fileUrl)} }\npolicies: [policies]\npaths: [apps]\nschedule: "0 0 1 1 *"\n` +
  `workdir: ${join(work, 'wd')}\nserver:\n  listen: 127.0.0.1:0\n  webhooks:\n    debounce: ${values.debounce}\n    distribution: { allowUnauthenticated: true }\n`);
const daemon = await startDaemonProcess(['--config', config]);
const head = async () => (await git(['rev-parse', 'refs/heads/main'], remote.dir)).trim();

try {
  await daemon.waitForLog((l) => l.msg === 'cycle finished');
  const times: number[] = [];
  for (let i = 1; i <= rounds; i++) {
    const tag = `1.0.${i}`;
    await pushImage(registry.url, 'acme/web', tag);
    const before = await head();
    const started = performance.now();
    const body = JSON.stringify({ events: [{ action: 'push', target: { repository: 'acme/web', tag }, request: { host: registry.host } }] });
    const answer = await request(`${daemon.url}/webhooks/distribution`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    if (answer.status !== 202) throw new Error(`webhook answered ${answer.status}: ${answer.body}`);
    while ((await head()) === before) await new Promise((ok) => setTimeout(ok, 10));
    const ms = performance.now() - started;
    times.push(ms);
    console.log(`round ${i}: webhook → pushed commit in ${ms.toFixed(0)} ms`);
  }
  const cycles = daemon.lines().filter((l) => l.msg === 'cycle finished' && l.trigger === 'webhook').map((l) => Number(l.durationMs));
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`\ndebounce ${values.debounce}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms` +
    ` (cycle itself: median ${[...cycles].sort((a, b) => a - b)[Math.floor(cycles.length / 2)]} ms)`);
} finally {
  await daemon.stop();
  await registry.stop();
  await remote.cleanup();
  await rm(work, { recursive: true, force: true });
}
