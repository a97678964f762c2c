/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, or `npm run bench -- --profile`): self time per
 * function and per package, so a hot spot shows without opening DevTools.
 *   npx tsx bench/profile.ts bench/results/profile-large/CPU.*.cpuprofile [--top 25]
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
for (const file of positionals) {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const { byFunction, byPackage, totalMs } = selfTimes(profile);
  console.log(`${file}: ${(totalMs / 1000).toFixed(2)} s sampled`);
  print('self time by package', byPackage, totalMs, Number(values.top));
  print('self time by function', byFunction, totalMs, Number(values.top));
}

function selfTimes(profile: Profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    totalMs += ms;
    const where = shortUrl(frame.url);
    const fn = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + ms);
  });
  return { byFunction, byPackage, totalMs };
}

function packageOf(frame: Node['callFrame']): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1];
  if (pkg) return pkg;
  if (frame.url.startsWith('node:')) return 'node internals';
  return /\/(src|dist)\/([^/]+)/.exec(frame.url)?.[2] ?? shortUrl(frame.url);
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*\/(src|dist)\//, '$1/');
}

function print(title: string, times: Map<string, number>, totalMs: number, top: number): void {
  console.log(`\n  ${title}`);
  for (const [name, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${ms.toFixed(0).padStart(7)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)} %  ${name}`);
  }
}
