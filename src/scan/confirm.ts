import type { Change, Problem } from '../manifests/types.js';
import type { Registry } from '../registry/types.js';
import type { ScanResult } from '../scan.js';
import { defaultConcurrency, forEachByHost, type HostConcurrency } from './by-host.js';
import { ImageFacts } from './facts.js';
import { describeSkips, firstUsable } from './walk.js';

/**
 * Confirms, with a HEAD each, that the tags about to be written still exist: a tag deleted between the
 * listing and the write must not reach Git. Only selections no request has confirmed yet are checked
 * (policies that pin digests or read manifests were confirmed by the scan), and only those with
 * changes. A vanished tag gives way to the next candidate that exists; with none, the policy's update
 * is dropped. Mutates `scan`; returns whether any update changed, so the caller rewrites again. Like
 * the scan, the HEADs are queued per registry host, so a host that hangs holds up only its own.
 */
export async function confirmWrites(
  scan: ScanResult,
  changes: readonly Change[],
  registry: Registry,
  concurrencyOf: HostConcurrency = defaultConcurrency,
): Promise<boolean> {
  const facts = new ImageFacts(registry);
  const ids = [...new Set(changes.map((c) => c.policy))].filter((id) => scan.unconfirmed.has(id));
  let moved = false;
  await forEachByHost(ids, (id) => scan.unconfirmed.get(id)!.repo.registry, concurrencyOf, async (id) => {
    if (await confirmOne(scan, id, facts)) moved = true;
  });
  return moved;
}

async function confirmOne(scan: ScanResult, id: string, facts: ImageFacts): Promise<boolean> {
  const pending = scan.unconfirmed.get(id)!;
  scan.unconfirmed.delete(id);
  const update = scan.updates.get(id);
  const outcome = scan.outcomes.find((o) => o.policy === id);
  if (update === undefined) return false;
  let walked;
  try {
    walked = await firstUsable(pending.candidates(), (tag) => facts.inspect(pending.repo, tag, {}));
  } catch (err) {
    scan.updates.delete(id);
    const message = `${id}: cannot confirm that "${update.tag}" still exists, so nothing is written for it: ${(err as Error).message}`;
    scan.problems.push(problem(id, 'registry-error', 'error', message));
    if (outcome) Object.assign(outcome, { status: 'failed', error: (err as Error).message });
    return true;
  }
  if (walked.tag === update.tag) return false;
  const instead = walked.tag === undefined ? 'nothing is written for it' : `"${walked.tag}" is written instead`;
  scan.problems.push(problem(id, 'candidate-skipped', 'warning', `${id}: ${describeSkips(walked.skipped)}; ${instead}`));
  if (walked.tag === undefined) {
    scan.updates.delete(id);
    if (outcome) outcome.status = 'no-candidate';
  } else {
    scan.updates.set(id, { ...update, tag: walked.tag });
    if (outcome?.selection) outcome.selection = { ...outcome.selection, tag: walked.tag };
  }
  return true;
}

function problem(policy: string, kind: Problem['kind'], severity: Problem['severity'], message: string): Problem {
  return { kind, severity, policy, message };
}
