/**
 * Problems name the offending value as written, in double quotes so that `""` and spaces show.
 * Backslashes are left alone (a regex reads as the user typed it); control characters are escaped.
 */
export function quote(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  const visible = [...value].map((c) => (c < ' ' || c === '\u007f' ? escape(c) : c)).join('');
  return `"${visible}"`;
}

function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
