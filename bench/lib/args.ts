import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SIZE_NAMES, SIZES, type Size } from './sizes.js';

export interface BenchOptions {
  sizes: Size[];
  /** Overrides every size's warm-run count. */
  runs?: number;
  /** Peers to run side by side, e.g. `renovate` (44.x on Node 24) or `renovate@39`. */
  peers: string[];
  /** Warm runs of each peer (each starts with an empty cache); default 3, 1 at the large size. */
  peerRuns?: number;
  markdown: boolean;
  /** Rewrite the table between the markers in bench/README.md. */
  updateReadme: boolean;
  /** Write a V8 CPU profile of one warm `once` per size into bench/results/. */
  profile: boolean;
  /** Skip `npm run build` (dist/ is used as it is). */
  build: boolean;
  /** A built CLI to measure instead of this tree's dist/cli.js (before/after comparisons). */
  cli?: string;
  /** Keep imagebump's default registry rate limit (10 requests/s) instead of none. */
  rateLimited: boolean;
  /** Where the cycles' working directory is made (a tmpfs such as /dev/shm, say); default beside the fixture. */
  workdir?: string;
}

const USAGE = `usage: npm run bench -- [--size small|medium|large|all[,…]] [--runs N] [--peer renovate[@39]]
                       [--peer-runs N] [--markdown] [--update-readme] [--profile] [--no-build] [--cli PATH] [--rate-limited]
                       [--workdir DIR]`;

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: 'small' },
      runs: { type: 'string' },
      peer: { type: 'string', multiple: true, default: [] },
      'peer-runs': { type: 'string' },
      markdown: { type: 'boolean', default: false },
      'update-readme': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      cli: { type: 'string' },
      'rate-limited': { type: 'boolean', default: false },
      workdir: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    sizes: parseSizes(values.size),
    runs: count('--runs', values.runs),
    peers: values.peer.flatMap((p) => p.split(',')).filter(Boolean),
    peerRuns: count('--peer-runs', values['peer-runs']),
    markdown: values.markdown,
    updateReadme: values['update-readme'],
    profile: values.profile,
    build: !values['no-build'] && values.cli === undefined,
    cli: values.cli === undefined ? undefined : resolve(values.cli),
    rateLimited: values['rate-limited'],
    workdir: values.workdir === undefined ? undefined : resolve(values.workdir),
  };
}

function parseSizes(value: string): Size[] {
  const names = value === 'all' ? SIZE_NAMES : value.split(',');
  return names.map((name) => {
    const size = SIZES[name as keyof typeof SIZES];
    if (!size) throw new Error(`unknown size ${JSON.stringify(name)}; one of ${SIZE_NAMES.join(', ')}, all\n${USAGE}`);
    return size;
  });
}

/** Warm runs; 0 means the cold run only. */
function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number, got ${JSON.stringify(value)}`);
  return n;
}
