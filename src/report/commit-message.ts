import type { Change } from '../manifests/types.js';

export const DEFAULT_COMMIT_TEMPLATE = '{{summary}}\n\n{{changes}}\n';

/**
 * Renders a commit message from the change records. Placeholders: `{{summary}}` (one line),
 * `{{changes}}` (one bullet per change), `{{count}}`, `{{policies}}` (comma-separated ids),
 * `{{images}}` (distinct `image:tag` written).
 */
export function renderCommitMessage(changes: readonly Change[], template = DEFAULT_COMMIT_TEMPLATE): string {
  const values: Record<string, string> = {
    summary: summarize(changes),
    changes: changes.map(changeLine).join('\n'),
    count: String(changes.length),
    policies: distinct(changes.map((c) => c.policy)).join(', '),
    images: distinct(changes.filter((c) => c.part !== 'name').map((c) => targetRef(c))).join(', '),
  };
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}

export function changeLine(c: Change): string {
  const part = c.part === 'whole' ? '' : ` (${c.part})`;
  return `- ${c.policy}${part} in ${c.file}:${c.line}: ${c.from} → ${c.to}`;
}

function summarize(changes: readonly Change[]): string {
  const policies = distinct(changes.map((c) => c.policy));
  if (policies.length === 1) {
    const c = changes.find((x) => x.part === 'whole' || x.part === 'tag') ?? changes[0]!;
    const name = policies[0]!.replace(/^default:/, '');
    const files = distinct(changes.map((x) => x.file)).length;
    return `chore(images): update ${name} to ${shortValue(c)}${files > 1 ? ` in ${files} files` : ''}`;
  }
  return `chore(images): update ${policies.length} images`;
}

function shortValue(c: Change): string {
  if (c.part !== 'whole') return c.to;
  const at = c.to.indexOf('@');
  const ref = at >= 0 ? c.to.slice(0, at) : c.to;
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : c.to;
}

function targetRef(c: Change): string {
  return c.part === 'whole' ? c.to : `${c.image}:${c.to}`;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
