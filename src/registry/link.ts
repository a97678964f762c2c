/** `Link` header parsing (RFC 8288), as registries use it to page `tags/list`. */

export interface LinkValue {
  target: string;
  /** Parameter names lowercase, values unquoted. */
  params: Record<string, string>;
}

const LINK_VALUE = /<([^>]*)>((?:\s*;\s*[^;,=\s]+(?:\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^;,\s]*))?)*)/g;
const LINK_PARAM = /;\s*([^;,=\s]+)(?:\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;,\s]*)))?/g;

/** Every link in a header value; targets are returned as written (relative or absolute). */
export function parseLinks(header: string): LinkValue[] {
  const links: LinkValue[] = [];
  for (const m of header.matchAll(LINK_VALUE)) {
    const params: Record<string, string> = {};
    for (const p of (m[2] ?? '').matchAll(LINK_PARAM)) {
      const name = (p[1] ?? '').toLowerCase();
      // The first occurrence of a parameter wins (RFC 8288 §3.3 for rel).
      if (!(name in params)) params[name] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
    }
    links.push({ target: (m[1] ?? '').trim(), params });
  }
  return links;
}

/** The target of the first link whose `rel` holds `next` (rel may list several types). */
export function parseNextLink(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const next = parseLinks(header).find((link) =>
    (link.params.rel ?? '')
      .toLowerCase()
      .split(/\s+/)
      .includes('next'),
  );
  return next?.target;
}
