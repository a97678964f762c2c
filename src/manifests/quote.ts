/** The flow-scalar styles a marked value can have (block scalars are never rewritten). */
export type FlowStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';

/**
 * Plain texts that YAML 1.1 or YAML 1.2 (core schema) would read as something other than a string.
 * Both versions matter: go-yaml and kubectl-era tooling still speak 1.1 (`yes`, `0755`, `1:30`, dates),
 * while the `yaml` package defaults to 1.2. The float rule follows what parsers actually accept
 * (`1.0.0` stays a string everywhere), not the over-broad regex printed in the 1.1 spec.
 */
const NON_STRING_PLAIN: readonly RegExp[] = [
  /^(?:~|null|Null|NULL)$/,
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)$/,
  /^[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?$/,
  /^(?:<<|=)$/,
];

/** Characters a plain scalar may not start with (YAML indicators), plus document markers. */
const INDICATOR_START = /^(?:[-?:,[\]{}#&*!|>'"%@`]|\.\.\.)/;
/** Sequences that end or break a plain scalar anywhere; flow indicators count because the value may sit in `[…]`. */
const BREAKS_PLAIN = /:[ \t]|[ \t]#|:$|[,[\]{}]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be detected
const UNPRINTABLE = /[\x00-\x1f\x7f\x85\u2028\u2029\ufeff]/;
const LEADING_OR_TRAILING_SPACE = /^[ \t]|[ \t]$/;

/**
 * True when `value`, written unquoted, would not read back as exactly this string. With an explicit
 * string tag (`!!str`, `!`) only the syntax matters, not how an untagged value would be resolved.
 */
export function plainNeedsQuotes(value: string, stringTagged = false): boolean {
  if (value === '') return true;
  if (UNPRINTABLE.test(value) || LEADING_OR_TRAILING_SPACE.test(value)) return true;
  if (INDICATOR_START.test(value) || BREAKS_PLAIN.test(value)) return true;
  return !stringTagged && NON_STRING_PLAIN.some((pattern) => pattern.test(value));
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\', '"': '\\"', '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n',
  '\v': '\\v', '\f': '\\f', '\r': '\\r', '\x1b': '\\e', '\x85': '\\N', '\u2028': '\\L', '\u2029': '\\P',
};

export function doubleQuote(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  const escaped = value.replace(/[\\"\x00-\x1f\x7f\x85\u2028\u2029\ufeff]/g, (char) =>
    DOUBLE_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/** Single quotes cannot carry line breaks or control characters faithfully; those fall back to double. */
export function singleQuote(value: string): string {
  if (UNPRINTABLE.test(value)) return doubleQuote(value);
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The source text for `value` in a scalar of the given style. The style is kept; a plain scalar whose
 * new text would not read back as a string is double-quoted, unless an explicit string tag
 * (`!!str`, `!`) already makes it one.
 */
export function renderScalar(value: string, style: FlowStyle, stringTagged = false): string {
  switch (style) {
    case 'QUOTE_SINGLE':
      return singleQuote(value);
    case 'QUOTE_DOUBLE':
      return doubleQuote(value);
    case 'PLAIN':
      return plainNeedsQuotes(value, stringTagged) ? doubleQuote(value) : value;
  }
}
