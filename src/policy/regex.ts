/**
 * Compiling the regexes users write in policies. Flux users write Go (RE2) syntax, so the few Go
 * spellings with a JavaScript equivalent are translated, and the Go spellings JavaScript would
 * silently read as something else are refused instead of matching the wrong tags.
 */

export interface GroupInfo {
  /** Number of capturing groups; `$0` (the whole match) is always available besides these. */
  count: number;
  names: ReadonlySet<string>;
}

export type CompiledRegex =
  | { ok: true; regex: RegExp; groups: GroupInfo }
  | { ok: false; reason: string };

/** Compiles a policy regex, unanchored as written (Go's `MatchString` semantics). */
export function compileUserRegex(source: string): CompiledRegex {
  const translated = translateGoSyntax(source);
  if ('reason' in translated) return { ok: false, reason: translated.reason };
  try {
    // No `u` flag: Go accepts escaped punctuation such as `\-` or `\_`, which `u` mode rejects.
    const regex = new RegExp(translated.source, translated.flags);
    return { ok: true, regex, groups: groupInfo(translated.source, translated.flags) };
  } catch (error) {
    return { ok: false, reason: engineReason(error) };
  }
}

type Translation = { source: string; flags: string } | { reason: string };

const LEADING_FLAGS = /^\(\?([ims]+)\)/;

/**
 * Go-only syntax that matters for tag patterns: `(?P<name>…)` groups, a leading `(?i)`-style flag
 * group, and the `\A` / `\z` anchors (tags hold no newlines, so `^` and `$` mean the same).
 */
function translateGoSyntax(source: string): Translation {
  const leading = LEADING_FLAGS.exec(source);
  const flags = leading ? [...new Set(leading[1])].join('') : '';
  const body = leading ? source.slice(leading[0].length) : source;
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[i + 1] ?? '';
      if (next === 'Q') return { reason: 'Go\'s \\Q…\\E quoting is not supported; escape each character instead' };
      out += !inClass && next === 'A' ? '^' : !inClass && next === 'z' ? '$' : c + next;
      i++;
    } else if (inClass) {
      const posix = /^\[:\^?[a-z]+:\]/.exec(body.slice(i));
      if (posix) return { reason: `POSIX class ${posix[0]} is not supported; use \\d, \\w or a range such as 0-9` };
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (body[i + 1] === '^') out += body[++i];
      // Go reads a `]` right after `[` or `[^` as a literal; JavaScript would read an empty class.
      if (body[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === '(' && body.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else {
      out += c;
    }
  }
  return { source: out, flags };
}

/** Counts groups by matching the empty string against `(?:source)|`, which always matches. */
function groupInfo(source: string, flags: string): GroupInfo {
  const match = new RegExp(`(?:${source})|`, flags).exec('');
  return {
    count: match ? match.length - 1 : 0,
    names: new Set(Object.keys(match?.groups ?? {})),
  };
}

/** The engine's own words, without the `Invalid regular expression: /…/: ` preamble. */
function engineReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cut = message.lastIndexOf(': ');
  return cut >= 0 ? message.slice(cut + 2) : message;
}
