import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { loadPolicies } from '../../../src/config/load-policies.js';
import { BAD_YAML, policy, type BadInput } from './bad-input-cases.js';

/*
 * Every class of bad config and policy file gets one clear problem naming the file and line, within
 * bounded time and memory (measured and printed; the only bound enforced is the test timeout), and
 * the good policies of other files are still read.
 */

let dir: string;
const figures: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagebump-bad-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  console.log(`bad input (time, heap growth):\n${figures.join('\n')}`);
});

async function measured<T>(label: string, run: () => Promise<T>): Promise<T> {
  const [start, heap] = [performance.now(), process.memoryUsage().heapUsed];
  const result = await run();
  const mib = Math.max(0, process.memoryUsage().heapUsed - heap) / 2 ** 20;
  figures.push(`  ${label}: ${Math.round(performance.now() - start)} ms, ${mib.toFixed(1)} MiB`);
  return result;
}

describe('a config file that cannot be used', () => {
  it.each(BAD_YAML.filter((c) => c.config))('$name: one problem at its line, nothing thrown', async (c: BadInput) => {
    const file = join(dir, `config-${c.name.replace(/\W+/g, '-')}.yaml`);
    await writeFile(file, c.config!());
    const { config, problems } = await measured(`config, ${c.name}`, () => loadConfig(file));
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.file)).toEqual(problems.map(() => file));
    expect(problems[0]).toMatchObject({ line: c.line.config });
    expect(problems[0]!.message).toMatch(c.message);
  }, 60_000);
});

describe('a policy file that cannot be read, beside one that can', () => {
  it.each(BAD_YAML.filter((c) => c.policy))('$name: its problem at its line, and the good policy still loads', async (c: BadInput) => {
    const policies = join(dir, `policies-${c.name.replace(/\W+/g, '-')}`);
    await mkdir(policies);
    await writeFile(join(policies, 'bad.yaml'), c.policy!());
    await writeFile(join(policies, 'good.yaml'), policy('good'));
    const loaded = await measured(`policies, ${c.name}`, () => loadPolicies([policies], undefined));
    expect(loaded.policies.map((p) => p.id)).toEqual(['apps:good']);
    const bad = loaded.problems.filter((p) => p.file === join(policies, 'bad.yaml'));
    expect(bad.length).toBeGreaterThan(0);
    expect(loaded.problems).toEqual(bad);
    expect(bad[0]).toMatchObject({ line: c.line.policy });
    expect(bad[0]!.message).toMatch(c.message);
  }, 60_000);

  it('two policies with one name: both are reported where they are declared, the others still load', async () => {
    const policies = join(dir, 'policies-duplicate');
    await mkdir(policies);
    await writeFile(join(policies, 'a.yaml'), policy('twin'));
    await writeFile(join(policies, 'b.yaml'), `# the same name again\n${policy('twin')}`);
    await writeFile(join(policies, 'good.yaml'), policy('good'));
    const loaded = await loadPolicies([policies], undefined);
    expect(loaded.policies.map((p) => p.id)).toEqual(['apps:good']);
    expect(loaded.problems.map((p) => `${p.file.slice(policies.length + 1)}:${p.line}: ${p.message}`).sort()).toEqual([
      `a.yaml:4: duplicate policy apps:twin (also declared at ${join(policies, 'b.yaml')}:5)`,
      `b.yaml:5: duplicate policy apps:twin (also declared at ${join(policies, 'a.yaml')}:4)`,
    ]);
  });

  it('a file over the size limit that holds no policy is not read and not reported', async () => {
    const policies = join(dir, 'policies-big-manifest');
    await mkdir(policies);
    await writeFile(join(policies, 'huge.yaml'), `kind: ConfigMap\ndata:\n${'  k: v\n'.repeat(600_000)}`);
    await writeFile(join(policies, 'good.yaml'), policy('good'));
    const loaded = await loadPolicies([policies], undefined);
    expect(loaded).toMatchObject({ policies: [{ id: 'apps:good' }], problems: [] });
  });
});
