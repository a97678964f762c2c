/*
 * The classes of bad input a config or policy file can be, each with the line and message it must
 * be reported with. Shared by the unit test and the end-to-end test (test/integration/hardening).
 */

export function policy(name: string, extra = ''): string {
  return `apiVersion: imagebump.dev/v1alpha1
kind: ImagePolicy
metadata:
  name: ${name}
  namespace: apps
spec:
  image: 127.0.0.1:5000/acme/${name}
  policy: { semver: { range: ">=1.0.0" } }
${extra}`;
}

const LAUGHS = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
].join('\n');

export interface BadInput {
  name: string;
  /** The config file's content, when the class applies to a config. */
  config?: () => string | Buffer;
  /** A policy file's content, when the class applies to policies. */
  policy?: () => string | Buffer;
  /** The line the problem is reported at, in the config and in the policy file. */
  line: { config: number; policy: number };
  message: RegExp;
}

export const BAD_YAML: BadInput[] = [
  {
    name: 'a field of the wrong type',
    config: () => 'repo:\n  url: /x.git\ncommit:\n  maxAttempts: many\n',
    policy: () => policy('typed').replace('namespace: apps', 'namespace: [apps]'),
    line: { config: 4, policy: 5 },
    message: /(maxAttempts|namespace): .*expected/,
  },
  {
    name: 'an unknown field',
    config: () => 'repo:\n  url: /x.git\n  brnach: main\n',
    policy: () => policy('unknown', '  tagFilter: "^v"\n'),
    line: { config: 3, policy: 9 },
    message: /unknown field "(brnach|tagFilter)"/,
  },
  {
    name: 'a duplicate key',
    config: () => `repo: { url: /x.git }\n${Array.from({ length: 30_000 }, (_, i) => `k${i}: v`).join('\n')}\nk7: again\n`,
    policy: () => `${policy('dup')}${Array.from({ length: 30_000 }, (_, i) => `  k${i}: v`).join('\n')}\n  k7: again\n`,
    line: { config: 30002, policy: 30009 },
    message: /Map keys must be unique/,
  },
  {
    name: 'a "billion laughs" alias bomb',
    config: () => `${LAUGHS}\nrepo: { url: /x.git, branch: *i }\n`,
    policy: () => `${policy('bomb')}  x-laughs:\n${LAUGHS.replace(/^/gm, '    ')}\n`,
    line: { config: 2, policy: 11 },
    message: /aliases expand to more than 100 times .*YAML bomb/,
  },
  {
    name: 'collections nested 250,000 levels deep or more',
    config: () => `repo: ${'['.repeat(1_000_000 - 16)}\n`,
    policy: () => `${policy('deep')}  x: ${'{a: '.repeat(250_000)}\n`,
    line: { config: 1, policy: 9 },
    message: /nested more than 256 levels deep/,
  },
  {
    name: 'a 10 MB file',
    config: () => `repo: { url: /x.git }\n${'# padding padding padding padding\n'.repeat(300_000)}`,
    policy: () => `${policy('big')}${'# padding padding padding padding\n'.repeat(300_000)}`,
    line: { config: 1, policy: 1 },
    message: /is 9\.7 MiB, over the 1 MiB limit for a (config|policy) file/,
  },
  {
    name: 'a binary file',
    config: () => Buffer.concat([Buffer.from('repo: { url: /x.git }\n'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])]),
    policy: () => Buffer.concat([Buffer.from(policy('binary')), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])]),
    line: { config: 2, policy: 9 },
    message: /holds a NUL byte: a binary file, not YAML/,
  },
  {
    name: 'invalid UTF-8',
    config: () => Buffer.concat([Buffer.from('repo: { url: /x.git }\nschedule: "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]),
    policy: () => Buffer.concat([Buffer.from(policy('latin1')), Buffer.from('  # caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    line: { config: 2, policy: 9 },
    message: /not valid UTF-8/,
  },
];
