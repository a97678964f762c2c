import { errorFromResponse, protocolError, type ErrorContext } from './errors.js';
import { parseNextLink } from './link.js';
import { decodeTagPage } from './schema.js';
import type { RepoSender } from './transport.js';
import type { ImageRepo, TagList } from './types.js';

export interface PagingLimits {
  pageSize: number;
  maxPages: number;
}

/**
 * Lists a repository's tags, following `Link: <...>; rel="next"` page by page until the registry stops
 * linking or `maxPages` pages were read (then `truncated`). Tags keep the registry's order; a tag
 * repeated on a later page is listed once.
 */
export async function listTags(send: RepoSender, repo: ImageRepo, limits: PagingLimits): Promise<TagList> {
  const ctx: ErrorContext = { host: repo.registry, repository: repo.repository };
  const seen = new Set<string>();
  const visited = new Set<string>();
  let path: string | undefined = `/v2/${repo.repository}/tags/list?n=${limits.pageSize}`;
  let pages = 0;
  let dropped = 0;
  while (path !== undefined) {
    visited.add(path);
    const response = await send(repo, { method: 'GET', path, headers: { accept: 'application/json' } });
    if (response.status !== 200) throw errorFromResponse(ctx, response.status, response.headers, response.body);
    const page = decodeTagPage(response.body);
    if (!page.ok) throw protocolError(ctx, `tags/list: ${page.problem}`, response.status);
    pages += 1;
    dropped += page.value.dropped;
    for (const tag of page.value.tags) seen.add(tag);
    const next = parseNextLink(response.headers.link);
    if (next === undefined) break;
    if (pages >= limits.maxPages) return { tags: [...seen], pages, truncated: true, dropped };
    path = nextPath(ctx, next, response.url);
    if (visited.has(path)) throw protocolError(ctx, `tags/list pagination loops back to ${path}`);
  }
  return { tags: [...seen], pages, truncated: false, dropped };
}

/**
 * Resolves a next link (relative or absolute) against the page it came from. Only links to the same
 * host are followed: credentials and tokens must not be sent wherever a response points.
 */
export function nextPath(ctx: ErrorContext, link: string, pageUrl: string): string {
  let target: URL;
  try {
    target = new URL(link, pageUrl);
  } catch {
    throw protocolError(ctx, 'tags/list next link is not a URL');
  }
  if (target.host !== new URL(pageUrl).host) {
    throw protocolError(ctx, `tags/list next link points to another host (${target.host})`);
  }
  if (!target.pathname.startsWith('/v2/')) throw protocolError(ctx, 'tags/list next link leaves the /v2/ API');
  return `${target.pathname}${target.search}`;
}
