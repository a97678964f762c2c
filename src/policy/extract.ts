import type { GroupInfo } from './regex.js';

/**
 * `filterTags.extract` templates, read the way Go's `Regexp.Expand` reads them (Flux passes the
 * template to it): `$name` takes the longest run of letters, digits and `_` (so `$1x` means group
 * `1x`, not group 1 then `x`), `${name}` delimits, `$$` is a dollar, and a `$` starting no valid
 * reference is kept literally. Unlike Go, a reference to a group the pattern lacks is an error here
 * rather than a silent empty string: it would make every tag rank the same.
 */

type Part = { kind: 'text'; text: string } | { kind: 'index'; index: number } | { kind: 'name'; name: string };

export interface ExtractTemplate {
  expand(match: RegExpExecArray): string;
}

export type CompiledExtract = { ok: true; template: ExtractTemplate } | { ok: false; reasons: string[] };

const NAME_CHARS = /^[A-Za-z0-9_]+/;
const BRACED = /^\{([A-Za-z0-9_]+)\}/;

export function compileExtract(template: string, groups: GroupInfo): CompiledExtract {
  const parts = parseTemplate(template);
  const references = parts.filter((p) => p.kind !== 'text');
  if (references.length === 0) {
    return { ok: false, reasons: ['it refers to no group (`$1`, `$name` or `${name}`), so every tag would get the same value'] };
  }
  const reasons = references.flatMap((p) => missingGroup(p, groups));
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, template: { expand: (match) => expand(parts, match) } };
}

function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let text = '';
  let rest = template;
  while (rest.length > 0) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    text += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      text += '$';
      rest = rest.slice(1);
      continue;
    }
    const found = BRACED.exec(rest) ?? NAME_CHARS.exec(rest);
    if (!found) {
      text += '$';
      continue;
    }
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push(reference(found[1] ?? found[0]));
    rest = rest.slice(found[0].length);
  }
  text += rest;
  if (text) parts.push({ kind: 'text', text });
  return parts;
}

/** Go treats a name as a group number only when it is all digits without a leading zero. */
function reference(name: string): Part {
  return /^(0|[1-9]\d*)$/.test(name) ? { kind: 'index', index: Number(name) } : { kind: 'name', name };
}

function missingGroup(part: Part, groups: GroupInfo): string[] {
  if (part.kind === 'index') {
    return part.index <= groups.count ? [] : [`it refers to group ${part.index}, but the pattern has ${groups.count} group(s)`];
  }
  if (part.kind !== 'name' || groups.names.has(part.name)) return [];
  const known = groups.names.size > 0 ? `it has ${[...groups.names].map((n) => `"${n}"`).join(', ')}` : 'it has no named groups';
  const digits = /^(0|[1-9]\d*)(\D.*)$/.exec(part.name);
  const hint = digits ? `; write \${${digits[1]}}${digits[2]} to follow group ${digits[1]} with "${digits[2]}"` : '';
  return [`it refers to group "${part.name}", which the pattern does not define (${known})${hint}`];
}

function expand(parts: readonly Part[], match: RegExpExecArray): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'index') out += match[part.index] ?? '';
    else out += match.groups?.[part.name] ?? '';
  }
  return out;
}
