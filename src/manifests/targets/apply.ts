import { decide } from '../decide.js';
import { problem } from '../problems.js';
import { renderScalar } from '../quote.js';
import { formatReference, parseReference } from '../reference.js';
import type { Edit } from '../splice.js';
import type { Change, PolicyUpdate, Problem, RefPart } from '../types.js';
import type { Slot } from './scalar.js';
import type { PathSite, RefSite, Site, SplitSite } from './sites.js';
import { ruleOf } from './types.js';
import type { PolicyTarget } from './types.js';

export interface Applied {
  edits: Edit[];
  changes: Change[];
  problems: Problem[];
}

interface Context {
  file: string;
  target: PolicyTarget;
  update: PolicyUpdate | undefined;
  out: Applied;
}

/**
 * Decides one site with the marker rewrite's rules: the same no-downgrade guard (decide.ts), the same
 * quoting (quote.ts). A reference is updated in the parts it carries: a tag stays a tag, a digest a
 * digest, and the name keeps the file's own spelling (`nginx` is not turned into `docker.io/library/nginx`).
 */
export function applySite(site: Site, file: string, target: PolicyTarget, update: PolicyUpdate | undefined, out: Applied): void {
  const ctx: Context = { file, target, update, out };
  if (site.kind === 'unsupported') {
    out.problems.push(problem('not-a-scalar', `${site.found}: ${site.reason}`, file, site.line, target.policy));
    return;
  }
  // Its registry failed this cycle, which the cycle has already reported.
  if (!update) return;
  if (site.kind === 'ref') applyRef(site, update, ctx);
  else if (site.kind === 'split') applySplit(site, update, ctx);
  else applyPath(site, update, ctx);
}

function applyRef(site: RefSite, update: PolicyUpdate, ctx: Context): void {
  const current = site.slot.value;
  const ref = parseReference(current);
  // A reference without tag or digest floats on `latest` by the author's choice: nothing to update.
  if (ref.tag === undefined && ref.digest === undefined) return;
  const next = { ...ref };
  if (ref.tag !== undefined) {
    const tag = decide('tag', ref.tag, update);
    if (tag.kind === 'downgrade-prevented') return report(ctx, 'downgrade-prevented', site.slot.line, `"${current}": ${tag.message}`);
    if (tag.kind === 'write') next.tag = tag.to;
  }
  if (ref.digest !== undefined) {
    const digest = decide('digest', ref.digest, update, ref.tag);
    if (digest.kind === 'no-digest') return report(ctx, 'no-digest', site.slot.line, pinnedMessage(current, update));
    if (digest.kind === 'write') next.digest = digest.to;
  }
  write(ctx, site.slot, 'whole', formatReference(next), site.found);
}

function applySplit(site: SplitSite, update: PolicyUpdate, ctx: Context): void {
  const tag = site.tag && site.tag.value !== '' ? decide('tag', site.tag.value, update) : undefined;
  if (tag?.kind === 'downgrade-prevented') return report(ctx, 'downgrade-prevented', site.line, tag.message);
  const digest = site.digest && site.digest.value !== '' ? decide('digest', site.digest.value, update, site.tag?.value) : undefined;
  // A digest pins the image whatever the tag says: a new tag beside the old pin would be a lie.
  if (digest?.kind === 'no-digest') return report(ctx, 'no-digest', site.line, pinnedMessage(site.digest!.value, update));
  if (tag?.kind === 'write') write(ctx, site.tag!, 'tag', tag.to, site.found);
  if (digest?.kind === 'write') write(ctx, site.digest!, 'digest', digest.to, site.found);
}

function applyPath(site: PathSite, update: PolicyUpdate, ctx: Context): void {
  const decision = decide(site.part, site.slot.value, update);
  if (decision.kind === 'downgrade-prevented' || decision.kind === 'no-digest') {
    return report(ctx, decision.kind, site.slot.line, decision.message);
  }
  if (decision.kind === 'write') write(ctx, site.slot, site.part, decision.to, site.found);
}

function pinnedMessage(current: string, update: PolicyUpdate): string {
  return `"${current}" pins a digest but policy "${update.id}" tracks none, so it is left as it is (let the policy track digests, or drop the pin)`;
}

function write(ctx: Context, slot: Slot, part: RefPart, to: string, found: string): void {
  if (to === slot.value) return;
  const { target, update, out } = ctx;
  out.edits.push({ start: slot.start, end: slot.end, text: renderScalar(to, slot.style, slot.stringTagged) });
  out.changes.push({
    file: ctx.file,
    line: slot.line,
    policy: target.policy,
    part,
    image: update!.image,
    from: slot.value,
    to,
    rule: ruleOf(target.spec),
    target: target.index,
    found,
  });
}

function report(ctx: Context, kind: Problem['kind'], line: number, message: string): void {
  ctx.out.problems.push(problem(kind, message, ctx.file, line, ctx.target.policy));
}
