import type { Change } from '../manifests/types.js';
import { changeLine, distinct, renderTemplate, tagOf, templateView, type TemplateView } from './template.js';

export { changeLine };

export const DEFAULT_COMMIT_TEMPLATE = '{{summary}}\n\n{{changes}}\n';

/**
 * Renders a commit message from the change records with a Handlebars template (see TemplateView for
 * the fields; `{{summary}}`, `{{changes}}`, `{{count}}`, `{{policies}}`, `{{images}}` as before), then
 * appends the trailers after a blank line, where `git interpret-trailers` looks for them.
 */
export function renderCommitMessage(
  changes: readonly Change[],
  template = DEFAULT_COMMIT_TEMPLATE,
  trailers: readonly string[] = [],
  extra: Record<string, unknown> = {},
): string {
  const message = renderTemplate(template, commitView(changes, extra));
  if (trailers.length === 0) return message;
  return `${message.trimEnd()}\n\n${trailers.join('\n')}\n`;
}

export function commitView(changes: readonly Change[], extra: Record<string, unknown> = {}): TemplateView {
  return templateView(changes, summarize(changes), extra);
}

/** A conventional-commit subject: `chore(images): update web to 1.2.0` or `… update 3 images`. */
export function summarize(changes: readonly Change[]): string {
  const policies = distinct(changes.map((c) => c.policy));
  if (policies.length === 1) {
    const c = changes.find((x) => x.part === 'whole' || x.part === 'tag') ?? changes[0]!;
    const name = policies[0]!.replace(/^default:/, '');
    const files = distinct(changes.map((x) => x.file)).length;
    return `chore(images): update ${name} to ${tagOf(c.part, c.to)}${files > 1 ? ` in ${files} files` : ''}`;
  }
  return `chore(images): update ${policies.length} images`;
}
