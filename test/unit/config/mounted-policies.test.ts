import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPolicies } from '../../../src/config/load-policies.js';
import { policy } from './bad-input-cases.js';

/*
 * A ConfigMap mounted in a pod is laid out by the kubelet's atomic writer: the files sit in a
 * timestamped `..2026_...` directory, `..data` links to it, and each name links to `..data/name`.
 * The layout is rebuilt here with real symlinks.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagebump-mounted-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function mountConfigMap(mount: string, files: Record<string, string>): Promise<void> {
  const stamp = '..2026_11_22_05_00_00.123456789';
  await mkdir(join(mount, stamp), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(mount, stamp, name), text);
  await symlink(stamp, join(mount, '..data'));
  for (const name of Object.keys(files)) await symlink(join('..data', name), join(mount, name));
}

describe('an absolute policies path mounted from a ConfigMap', () => {
  it('reads each policy once, under the name the user gave it', async () => {
    const mount = join(dir, 'policies');
    await mountConfigMap(mount, { 'web.yaml': policy('web'), 'api.yml': policy('api'), 'README.txt': 'not yaml' });
    const loaded = await loadPolicies([mount], undefined);
    expect(loaded.problems).toEqual([]);
    expect(loaded.policies.map((p) => [p.id, p.source.file]).sort()).toEqual([
      ['apps:api', join(mount, 'api.yml')],
      ['apps:web', join(mount, 'web.yaml')],
    ]);
  });

  it('follows a linked subdirectory once even when links form a loop', async () => {
    const mount = join(dir, 'policies');
    await mkdir(join(mount, 'team'), { recursive: true });
    await writeFile(join(mount, 'team', 'web.yaml'), policy('web'));
    await symlink('..', join(mount, 'team', 'up'));
    await symlink(join(dir, 'missing.yaml'), join(mount, 'dangling.yaml'));
    const loaded = await loadPolicies([mount], undefined);
    expect(loaded.problems).toEqual([]);
    expect(loaded.policies.map((p) => p.id)).toEqual(['apps:web']);
  });
});
