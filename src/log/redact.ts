/**
 * Every secret value the process resolves is registered here, and every line that leaves the process
 * (logs, errors, plan output) goes through `redact`. Matching values, not field names, catches a token
 * wherever it ends up: in a URL, an error message from git, a server's echo.
 */
const secrets = new Set<string>();
const MIN_SECRET_LENGTH = 4;

export function registerSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH) return;
  secrets.add(value);
  secrets.add(Buffer.from(value).toString('base64'));
  secrets.add(encodeURIComponent(value));
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** Registers the Basic credential forms derived from a user and password (as sent in headers). */
export function registerCredentials(username: string, password: string): void {
  registerSecret(password);
  registerSecret(Buffer.from(`${username}:${password}`).toString('base64'));
}
