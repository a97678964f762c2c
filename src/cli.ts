#!/usr/bin/env node
import { Command, Option } from 'commander';
import { stdio, type CommonOptions } from './commands/context.js';
import { EXIT, type ExitCode } from './commands/exit-codes.js';

const program = new Command('imagebump')
  .description('Watches OCI registries against YAML policies and writes new image tags into a GitOps repository.')
  .version('0.1.0')
  .exitOverride();

function common(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (YAML)')
    .option('--repo <url>', 'environment repository URL (overrides repo.url)')
    .option('--branch <name>', 'branch to check out and push (overrides repo.branch)')
    .option('--policies <path>', 'policy file or directory: repo-relative, or an absolute local path')
    .addOption(new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error', 'silent']));
}

// Each command's modules load when it runs: `check`, `plan` and `once` never pay for the daemon's
// server, metrics and scheduler, and a one-shot run starts faster.
let result: Promise<ExitCode> | undefined;
const action = <O>(fn: (opts: O & CommonOptions) => Promise<ExitCode>) => (opts: O & CommonOptions) => {
  result = fn(opts);
};

common(program.command('check').description('validate the config and every policy'))
  .action(action((o) => import('./commands/check.js').then((m) => m.check(o, stdio))));
common(program.command('plan').description('run a cycle without writing anything; print the diff'))
  .option('--json', 'print changes and problems as JSON')
  .action(action<{ json?: boolean }>((o) => import('./commands/plan.js').then((m) => m.plan(o, stdio))));
common(program.command('once').description('run one cycle: rewrite, commit and push'))
  .action(action((o) => import('./commands/once.js').then((m) => m.once(o, stdio))));
common(program.command('run').description('the daemon: cycles on the schedule, per-policy intervals and webhooks, until SIGTERM'))
  .option('--grace-seconds <n>', 'how long SIGTERM waits for the cycle in flight', (v) => Number(v), 30)
  .option('--listen <addr>', 'serve probes, metrics and webhooks on host:port (overrides server.listen)')
  .addOption(new Option('--shard-count <n>', 'replicas that split the policies').argParser(Number).env('IMAGEBUMP_SHARD_COUNT'))
  .addOption(new Option('--shard-index <n>', 'this replica (default: the pod name ordinal)').argParser(Number).env('IMAGEBUMP_SHARD_INDEX'))
  .action(action<{ graceSeconds?: number; listen?: string; shardCount?: number; shardIndex?: number }>((o) => import('./commands/run.js').then((m) => m.run(o, stdio))));
common(program.command('status').description('per policy: the value in Git, the latest candidate, and why it is or is not applied'))
  .option('--json', 'print the table as JSON')
  .action(action<{ json?: boolean }>((o) => import('./commands/status.js').then((m) => m.status(o, stdio))));

async function main(): Promise<ExitCode> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return code === 0 ? EXIT.ok : EXIT.usage;
  }
  return result ? await result : EXIT.usage;
}

const code = await main();
// Exit once stdout has drained: a piped `plan --json` must not be cut short.
process.stdout.write('', () => process.exit(code));
