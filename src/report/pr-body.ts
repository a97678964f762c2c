import type { Change } from '../manifests/types.js';
import { summarize } from './commit-message.js';
import { renderTemplate, templateView, type ChangeView, type TemplateView } from './template.js';

/** Where an image was built from: its OCI annotations `org.opencontainers.image.source` and `.revision`. */
export interface Provenance {
  source?: string;
  revision?: string;
  /** The revision of the image being replaced, when known: enables the compare link. */
  fromRevision?: string;
}

export interface PullRequestContext {
  /** Target branch. */
  target: string;
  /** Pull request branch. */
  branch: string;
  group: string;
  /** By policy id. */
  provenance: ReadonlyMap<string, Provenance>;
}

export interface PullRequestText {
  title: string;
  body: string;
}

export const DEFAULT_PR_TITLE = '{{summary}}';

export const DEFAULT_PR_BODY = `imagebump updates {{count}} image reference{{#unless single}}s{{/unless}} on \`{{target}}\`.

| Policy | Image | File | Change |
| --- | --- | --- | --- |
{{#each rows}}
| {{policy}} | {{image}} | {{file}}:{{line}} | \`{{fromTag}}\` → \`{{toTag}}\` |
{{/each}}
{{#if sources}}

**Sources**

{{#each sources}}
- {{policy}}: {{{link}}}
{{/each}}
{{/if}}

---
This pull request is kept up to date by imagebump: a newer image updates it in place. Close it to decline these versions; a newer one opens a new pull request.
`;

/** Renders a pull request's title and body (templates from the config, or the defaults above). */
export function renderPullRequest(
  changes: readonly Change[],
  ctx: PullRequestContext,
  templates: { title?: string; body?: string } = {},
): PullRequestText {
  const view = pullRequestView(changes, ctx);
  const title = renderTemplate(templates.title ?? DEFAULT_PR_TITLE, view).split('\n')[0]!.trim();
  const body = renderTemplate(templates.body ?? DEFAULT_PR_BODY, view).trim();
  return { title: title || summarize(changes), body };
}

export function pullRequestView(changes: readonly Change[], ctx: PullRequestContext): TemplateView {
  const base = templateView(changes, summarize(changes));
  // Table cells: a `|` or a newline in a value would break the row.
  const rows = base.records.map((r) => mapStrings(r, (v) => v.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ')));
  const sources = [...new Set(changes.map((c) => c.policy))].flatMap((policy) => {
    const link = sourceLinks(ctx.provenance.get(policy), base.records.find((r) => r.policy === policy)!);
    return link ? [{ policy, link }] : [];
  });
  return { ...base, rows, sources, single: changes.length === 1, target: ctx.target, branch: ctx.branch, group: ctx.group };
}

/** `[source](url) · commit [abc1234](…) · [compare](…)`, from what the image's annotations give. */
export function sourceLinks(p: Provenance | undefined, change: ChangeView): string | undefined {
  const repo = p?.source && httpUrl(p.source);
  if (!repo) return undefined;
  const web = repo.replace(/\.git$/, '').replace(/\/+$/, '');
  const gitlab = /gitlab/i.test(new URL(web).hostname);
  const links = [`[${web.replace(/^https?:\/\//, '')}](${web})`];
  const rev = p.revision && safeRevision(p.revision);
  if (rev) links.push(`commit [${rev.slice(0, 12)}](${web}${gitlab ? '/-' : ''}/commit/${rev})`);
  const from = p.fromRevision && safeRevision(p.fromRevision);
  if (rev && from && from !== rev) {
    links.push(`[compare ${change.fromTag} → ${change.toTag}](${web}${gitlab ? '/-' : ''}/compare/${from}...${rev})`);
  }
  return links.join(' · ');
}

/** Only http(s) links reach a PR body: an annotation is whatever the image's builder wrote. */
function httpUrl(value: string): string | undefined {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !/[\s()<>[\]]/.test(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function safeRevision(value: string): string | undefined {
  return /^[0-9A-Za-z._-]{4,64}$/.test(value) ? value : undefined;
}

function mapStrings<T extends object>(record: T, fn: (v: string) => string): T {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? fn(v) : v])) as T;
}
