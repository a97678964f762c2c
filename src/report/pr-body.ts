import type { Change } from '../manifests/types.js';
import { summarize } from './commit-message.js';
import { renderTemplate, templateView, type ChangeView, type TemplateView } from './template.js';

/** Where an image was built from: its OCI annotations `org.opencontainers.image.source` and `.revision`. */
export interface Provenance {
  source?: string;
  revision?: string;
  /** The revision of the image being replaced, when known: enables the compare link. */
  fromRevision?: string;
  /**
   * Revisions of the images being replaced, by the tag (or digest) the old value named, as the cycle
   * read them for policies with `sourceAnnotations: true`. Wins over `fromRevision`.
   */
  fromRevisions?: ReadonlyMap<string, string>;
}

/** The configured forge and the hosts it serves: sources on them get its URL layout whatever their name. */
export interface ForgeHosts {
  kind: 'github' | 'gitlab' | 'gitea';
  hosts: readonly string[];
}

export interface PullRequestContext {
  /** Target branch. */
  target: string;
  /** Pull request branch. */
  branch: string;
  group: string;
  /** By policy id. */
  provenance: ReadonlyMap<string, Provenance>;
  forge?: ForgeHosts;
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
    const link = sourceLinks(ctx.provenance.get(policy), base.records.filter((r) => r.policy === policy), ctx.forge);
    return link ? [{ policy, link }] : [];
  });
  return { ...base, rows, sources, single: changes.length === 1, target: ctx.target, branch: ctx.branch, group: ctx.group };
}

/**
 * `[source](url) · commit [abc1234](…) · [compare 1.0.0 → 1.2.0](…)`, from what the images' annotations
 * give: one compare link per distinct revision replaced, where the host's compare view is known.
 */
export function sourceLinks(p: Provenance | undefined, records: readonly ChangeView[], forge?: ForgeHosts): string | undefined {
  const repo = p?.source && httpUrl(p.source);
  if (!repo) return undefined;
  const web = repo.replace(/\.git$/, '').replace(/\/+$/, '');
  const layout = layoutOf(new URL(web).hostname, forge);
  const links = [`[${web.replace(/^https?:\/\//, '')}](${web})`];
  const rev = p.revision && safeRevision(p.revision);
  if (!rev) return links.join(' · ');
  links.push(`commit [${rev.slice(0, 12)}](${web}${layout.commit}${rev})`);
  if (layout.compare === undefined) return links.join(' · ');
  for (const { from, record } of replaced(p, records, rev)) {
    links.push(`[compare ${label(record.fromTag)} → ${label(record.toTag)}](${web}${layout.compare}${from}...${rev})`);
  }
  return links.join(' · ');
}

/** The configured forge's hosts, from `forge.url` and `repo.url` (https or scp-like `git@host:path`). */
export function forgeHostsOf(config: { forge?: { type: ForgeHosts['kind']; url?: string }; repo?: { url: string } }): ForgeHosts | undefined {
  if (!config.forge) return undefined;
  const hosts = [config.forge.url, config.repo?.url].flatMap((url) => {
    const host = url === undefined ? undefined : hostnameOf(url);
    return host === undefined ? [] : [host];
  });
  return { kind: config.forge.type, hosts };
}

interface Layout {
  commit: string;
  compare?: string;
}

const GITHUB_LIKE: Layout = { commit: '/commit/', compare: '/compare/' };
const GITLAB: Layout = { commit: '/-/commit/', compare: '/-/compare/' };
const OTHER: Layout = { commit: '/commit/' };

/** GitHub, Gitea and Forgejo share `/compare/A...B`; GitLab has `/-/compare/A...B`; others get no compare link. */
function layoutOf(host: string, forge: ForgeHosts | undefined): Layout {
  const kind = forge?.hosts.includes(host) ? forge.kind : kindByName(host);
  if (kind === 'gitlab') return GITLAB;
  return kind === undefined ? OTHER : GITHUB_LIKE;
}

function kindByName(host: string): ForgeHosts['kind'] | undefined {
  if (host.endsWith('.github.io')) return undefined; // Pages sites, not repositories
  if (/(^|[.-])github([.-]|$)/.test(host)) return 'github';
  if (/(^|[.-])gitlab([.-]|$)/.test(host)) return 'gitlab';
  if (host === 'codeberg.org' || /(^|[.-])(gitea|forgejo)([.-]|$)/.test(host)) return 'gitea';
  return undefined;
}

/** Each distinct replaced revision once (other than the new one), with the first change that replaced it. */
function replaced(p: Provenance, records: readonly ChangeView[], rev: string): { from: string; record: ChangeView }[] {
  const out = new Map<string, ChangeView>();
  // Tags read better than digests in a link's text, so tag-bearing changes label it first.
  const ordered = [...records].sort((a, b) => Number(a.part === 'digest') - Number(b.part === 'digest'));
  for (const record of ordered) {
    if (record.part === 'name') continue;
    const raw = p.fromRevisions?.get(record.fromTag) ?? p.fromRevision;
    const from = raw && safeRevision(raw);
    if (from && from !== rev && !out.has(from)) out.set(from, record);
  }
  return [...out].map(([from, record]) => ({ from, record }));
}

/** Tags and digests as link text: digests shortened, anything that could end the link escaped. */
function label(value: string): string {
  const short = /^sha256:[0-9a-f]{64}$/.test(value) ? `${value.slice(0, 19)}…` : value;
  return short.replace(/[[\]\\]/g, (c) => `\\${c}`);
}

function hostnameOf(url: string): string | undefined {
  const scp = /^[^@/\s]+@([^:/\s]+):/.exec(url);
  if (scp) return scp[1]!.toLowerCase();
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
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
