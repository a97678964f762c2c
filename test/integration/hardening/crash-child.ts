// The real CLI, started ahead of time: its modules are loaded (and compiled by tsx) first, then the
// first line on stdin (a JSON array of arguments) runs src/cli.ts exactly as `imagebump <args>` would.
// The crash tests kill this process at random points of a cycle; loading ahead keeps the start-up of
// Node and tsx (seconds on a busy machine) out of the window the kills are spread over.
import 'commander';
import '../../../src/commands/check.js';
import '../../../src/commands/once.js';
import '../../../src/commands/plan.js';
import '../../../src/commands/run.js';
import '../../../src/commands/status.js';

process.stdin.once('data', (line: Buffer) => {
  process.stdin.pause();
  process.argv = [process.argv[0]!, 'imagebump', ...(JSON.parse(line.toString('utf8')) as string[])];
  void import('../../../src/cli.js');
});
process.stdout.write('ready\n');
