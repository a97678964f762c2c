import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SoakResult } from '../../../bench/soak.js';
import { ROOT } from '../../helpers/cli.js';

// 200 back-to-back daemon cycles in one process (bench/soak.ts, run with --expose-gc so the heap can be
// measured after a full GC; the kept clone fetched from a path, which is cheaper for the machine and
// the same for this process as smart HTTP): open file descriptors, live handles and the heap stay flat. These are
// leak detectors with generous bounds, not timings. `node --expose-gc --import tsx bench/soak.ts`
// runs the long version (1,000 cycles).

const CYCLES = 200;
const BASELINE_CYCLE = 50;

function runSoak(): Promise<SoakResult> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/soak.ts', '--cycles', String(CYCLES), '--every', '25', '--git', 'file', '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(JSON.parse(out.trim().split('\n').at(-1)!) as SoakResult) : fail(new Error(`soak exited ${code}:\n${err}`))));
  });
}

describe(`${CYCLES} daemon cycles in one process`, () => {
  it('keep open files, handles and the heap flat', async () => {
    const result = await runSoak();
    console.log(`soak: ${JSON.stringify({ ...result, samples: result.samples.map((s) => [s.cycle, s.heapMB, s.fds, s.handles]) })}`);
    expect(result.failed).toBe(0);
    expect(result.commits).toBe(2); // the cycle at 1 and the one after the tag pushed at 101
    const base = result.samples.find((s) => s.cycle === BASELINE_CYCLE)!;
    const last = result.samples.at(-1)!;
    expect(last.cycle).toBe(CYCLES);
    // A leak of one descriptor or handle per cycle would add 150 here.
    expect(last.fds).toBeLessThanOrEqual(base.fds + 3);
    expect(last.handles).toBeLessThanOrEqual(base.handles + 3);
    // A leak of 20 KB per cycle would add 3 MB; retained log lines, reports or clones far more.
    expect(last.heapMB - base.heapMB).toBeLessThan(3);
  }, 120_000);
});
