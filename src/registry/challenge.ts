/** `WWW-Authenticate` parsing (RFC 9110 §11.6.1): one or more challenges, each a scheme and params. */

export interface Challenge {
  /** Lowercase: `bearer`, `basic`, ... */
  scheme: string;
  /** Parameter names lowercase, values unquoted and unescaped. */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

/**
 * Parses every challenge in a header value. Quoted values may hold commas and escaped quotes (a scope
 * like `repository:a:pull,push` does); several headers joined with `, ` parse as several challenges.
 * A token followed by `=` is a parameter of the current challenge, any other token starts a new one.
 * Unparseable tails are ignored rather than failing the whole header.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  const cursor = { text: header, pos: 0 };
  let current: Challenge | undefined;
  for (;;) {
    skip(cursor, /[\s,]*/y);
    const name = match(cursor, TOKEN);
    if (name === undefined) break;
    skip(cursor, /[ \t]*/y);
    if (header[cursor.pos] !== '=') {
      current = { scheme: name.toLowerCase(), params: {} };
      challenges.push(current);
      continue;
    }
    cursor.pos += 1;
    skip(cursor, /[ \t]*/y);
    const value = readValue(cursor);
    if (current !== undefined) current.params[name.toLowerCase()] = value;
  }
  return challenges;
}

/** The challenge a client should answer: Bearer when offered (it is what registries mean), else Basic. */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}

interface Cursor {
  text: string;
  pos: number;
}

function match(cursor: Cursor, re: RegExp): string | undefined {
  re.lastIndex = cursor.pos;
  const m = re.exec(cursor.text);
  if (m === null) return undefined;
  cursor.pos = re.lastIndex;
  return m[0];
}

function skip(cursor: Cursor, re: RegExp): void {
  match(cursor, re);
}

function readValue(cursor: Cursor): string {
  if (cursor.text[cursor.pos] !== '"') return match(cursor, /[^\s,]*/y) ?? '';
  let value = '';
  let i = cursor.pos + 1;
  for (; i < cursor.text.length && cursor.text[i] !== '"'; i++) {
    if (cursor.text[i] === '\\' && i + 1 < cursor.text.length) i++;
    value += cursor.text[i];
  }
  cursor.pos = i + 1;
  return value;
}
